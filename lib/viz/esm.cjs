'use strict';
// Real dynamic import() for ESM-only packages (vega 6, vega-lite 6 use top-level await).
// This file is plain CommonJS on purpose: tslab rewrites every `import`, even `import()`, in the
// TypeScript it compiles into `require()`, which fails for such packages (ERR_REQUIRE_ASYNC_MODULE).
// A .cjs file reached through a plain `require()` is loaded by Node itself, untouched.

/** Import an ES module by specifier, resolved from this folder (so from the repo's node_modules). */
function importEsm(specifier) {
  return import(specifier);
}

module.exports = { importEsm };
