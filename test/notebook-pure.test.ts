import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { executedPath, NOTEBOOK_DIR } from '../lib/notebook/discover';
import { firstSourceLine, normalizeMimeBundle, parseNotebook, serializeNotebook, toNbformat45, type Notebook } from '../lib/notebook/nbformat';
import { OutputCollector, parseErrorText } from '../lib/notebook/outputs';
import { asyncErrorLine } from '../lib/notebook/kernel';
import { buildMessage, decodeMessage, encodeMessage, signFrames, DELIMITER } from '../lib/notebook/protocol';
import { formatFailure, formatSummary } from '../lib/notebook/report';
import type { NotebookResult } from '../lib/notebook/execute';

const nbText = (cells: unknown[], extra: object = {}) => JSON.stringify({ nbformat: 4, nbformat_minor: 4, metadata: {}, cells, ...extra });

test('parseNotebook names the path for invalid JSON, wrong nbformat, and malformed cells', () => {
  assert.throws(() => parseNotebook('{"cells": [', 'a.ipynb'), /a\.ipynb: invalid notebook JSON/);
  assert.throws(() => parseNotebook('[]', 'a.ipynb'), /a\.ipynb: not a notebook/);
  assert.throws(() => parseNotebook(JSON.stringify({ nbformat: 3, worksheets: [] }), 'b.ipynb'), /b\.ipynb: unsupported nbformat 3/);
  assert.throws(() => parseNotebook(JSON.stringify({ nbformat: 4 }), 'c.ipynb'), /c\.ipynb: not a notebook \("cells"/);
  assert.throws(() => parseNotebook(nbText([{ cell_type: 'heading', source: '' }]), 'd.ipynb'), /d\.ipynb: cell 1 has unknown cell_type/);
  assert.throws(() => parseNotebook(nbText([{ cell_type: 'code', source: 3 }]), 'e.ipynb'), /e\.ipynb: cell 1 has no valid "source"/);
});

test('toNbformat45 adds stable unique ids, keeps existing ones, and does not touch its input', () => {
  const nb = parseNotebook(nbText([
    { cell_type: 'markdown', metadata: {}, source: ['# T'] },
    { cell_type: 'code', id: 'keep-me', metadata: {}, source: 'x', outputs: [], execution_count: null },
    { cell_type: 'code', source: 'x' },
    { cell_type: 'code', id: 'keep-me', metadata: {}, source: 'y', outputs: [], execution_count: null },
  ]), 'n.ipynb');
  const before = structuredClone(nb);
  const a = toNbformat45(nb);
  const b = toNbformat45(nb);
  assert.deepEqual(nb, before);
  assert.equal(a.nbformat_minor, 5);
  assert.equal(a.cells[1].id, 'keep-me');
  assert.deepEqual(a.cells.map((c) => c.id), b.cells.map((c) => c.id));
  assert.equal(new Set(a.cells.map((c) => c.id)).size, 4, 'a duplicated id is replaced in the later cell');
  assert.ok(a.cells.every((c) => /^[a-zA-Z0-9-_]{1,64}$/.test(c.id ?? '')));
  assert.deepEqual(a.cells[2].outputs, []);
  assert.equal(a.cells[2].execution_count, null);
  assert.equal('outputs' in a.cells[0], false);
  assert.deepEqual(Object.keys(a.cells[2]).slice(0, 2), ['cell_type', 'id']);
  const round = parseNotebook(serializeNotebook(a), 'n.ipynb') as Notebook;
  assert.deepEqual(round, a);
});

test('firstSourceLine skips blank lines; normalizeMimeBundle parses JSON sent as strings only for JSON types', () => {
  assert.equal(firstSourceLine({ cell_type: 'code', metadata: {}, source: ['\n', '  const x = 1;\n', 'y'] }), 'const x = 1;');
  const spec = { mark: 'bar' };
  const out = normalizeMimeBundle({ 'application/vnd.vegalite.v5+json': JSON.stringify(spec), 'application/json': '[1,2]', 'text/plain': '{"a":1}' });
  assert.deepEqual(out, { 'application/vnd.vegalite.v5+json': spec, 'application/json': [1, 2], 'text/plain': '{"a":1}' });
});

test('messages round-trip through encode/decode with routing identities, and a tampered message is rejected', () => {
  const msg = buildMessage('execute_request', { code: '1 + 1' }, 'session-1');
  const frames = encodeMessage(msg, 'secret').map((f) => Buffer.from(f));
  const decoded = decodeMessage([Buffer.from('identity'), ...frames], 'secret');
  assert.deepEqual(decoded.header, msg.header);
  assert.deepEqual(decoded.content, { code: '1 + 1' });
  assert.equal(frames[0].toString(), DELIMITER);
  assert.match(frames[1].toString(), /^[0-9a-f]{64}$/);
  const tampered = [...frames];
  tampered[5] = Buffer.from(JSON.stringify({ code: 'rm -rf' }));
  assert.throws(() => decodeMessage(tampered, 'secret'), /invalid HMAC/);
  assert.throws(() => decodeMessage(frames, 'other-key'), /invalid HMAC/);
  assert.throws(() => decodeMessage(frames.slice(1), 'secret'), /missing <IDS\|MSG>/);
});

test('signFrames is HMAC-SHA256 over the concatenated frames (known answer), empty key means unsigned', () => {
  // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?", split across frames.
  assert.equal(signFrames('Jefe', ['what do ya want ', 'for nothing?']), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  assert.equal(signFrames('', ['x']), '');
});

test('OutputCollector merges streams, parses JSON MIME data, updates displays in place, honours clear_output(wait)', () => {
  const c = new OutputCollector(7);
  c.add('stream', { name: 'stdout', text: 'a\n' });
  c.add('stream', { name: 'stdout', text: 'b\n' });
  c.add('display_data', { data: { 'application/json': '{"k":1}' }, metadata: {}, transient: { display_id: 'd1' } });
  c.add('update_display_data', { data: { 'text/plain': 'new' }, metadata: {}, transient: { display_id: 'd1' } });
  c.add('stream', { name: 'stdout', text: 'c\n' });
  c.add('execute_result', { data: { 'text/plain': '3' }, metadata: {} });
  assert.deepEqual(c.outputs, [
    { output_type: 'stream', name: 'stdout', text: 'a\nb\n' },
    { output_type: 'display_data', data: { 'text/plain': 'new' }, metadata: {} },
    { output_type: 'stream', name: 'stdout', text: 'c\n' },
    { output_type: 'execute_result', data: { 'text/plain': '3' }, metadata: {}, execution_count: 7 },
  ]);
  c.add('clear_output', { wait: true });
  assert.equal(c.outputs.length, 4);
  c.add('stream', { name: 'stdout', text: 'after\n' });
  assert.deepEqual(c.outputs, [{ output_type: 'stream', name: 'stdout', text: 'after\n' }]);
  c.add('clear_output', { wait: false });
  assert.deepEqual(c.outputs, []);
});

test('finishError turns the trailing stderr text into an error output (tslab sends no iopub error)', () => {
  const c = new OutputCollector(1);
  c.add('stream', { name: 'stdout', text: 'before\n' });
  c.add('stream', { name: 'stderr', text: 'evalmachine.<anonymous>:2\nthrow new Error("x");\n^\n\nRangeError: too big\n    at foo\n' });
  const err = c.finishError({ status: 'error', execution_count: 1 });
  assert.equal(err.ename, 'RangeError');
  assert.equal(err.evalue, 'too big');
  assert.equal(err.traceback[4], 'RangeError: too big');
  assert.deepEqual(c.outputs.map((o) => o.output_type), ['stream', 'error']);
  // The reply's fields win when the kernel fills them.
  const d = new OutputCollector(2);
  assert.deepEqual(d.finishError({ ename: 'E', evalue: 'v', traceback: ['t'] }), { output_type: 'error', ename: 'E', evalue: 'v', traceback: ['t'] });
});

test('parseErrorText recognises JS errors, TS diagnostics and bare messages', () => {
  assert.deepEqual(parseErrorText('Error: boom\n    at x'), { ename: 'Error', evalue: 'boom' });
  assert.deepEqual(parseErrorText('2:7 - Type \'string\' is not assignable to type \'number\'.\n'), { ename: 'CompileError', evalue: 'Type \'string\' is not assignable to type \'number\'.' });
  assert.deepEqual(parseErrorText('\nsomething odd\n'), { ename: 'Error', evalue: 'something odd' });
  assert.equal(parseErrorText('').ename, 'Error');
  // The user's own error-like stderr before the real throw does not win.
  assert.deepEqual(parseErrorText('ValueError: not really\nTypeError: real problem\n    at evalmachine.<anonymous>:1:7'), { ename: 'TypeError', evalue: 'real problem' });
  assert.deepEqual(parseErrorText('RangeError: logged\nError: thrown last'), { ename: 'Error', evalue: 'thrown last' });
});

test('executedPath mirrors notebooks/ and falls back to the basename elsewhere', () => {
  assert.equal(executedPath(path.join(NOTEBOOK_DIR, 'gru', '01-a.ipynb'), '/out'), path.join('/out', 'gru', '01-a.ipynb'));
  assert.equal(executedPath('/tmp/x/y.ipynb', '/out'), path.join('/out', 'y.ipynb'));
});

test('formatFailure names notebook, cell and message; formatSummary lists every notebook', () => {
  const r: NotebookResult = {
    path: 'notebooks/a.ipynb', outPath: '/o/a.ipynb', status: 'failed', executedCells: 2, codeCells: 3, seconds: 1.25,
    kernelStartSeconds: 1, cellSeconds: [0.1, 0.1], cellNumbers: [2, 3],
    failure: { cellNumber: 4, codeCellNumber: 2, firstLine: 'throw x', message: 'Error: x' },
  };
  const text = formatFailure(r);
  assert.match(text, /FAILED: notebooks\/a\.ipynb/);
  assert.match(text, /cell 4 .*code cell 2\): throw x/);
  assert.match(text, /Error: x/);
  const table = formatSummary([r, { ...r, path: 'notebooks/b.ipynb', status: 'ok', failure: undefined }]);
  assert.match(table, /notebooks\/a\.ipynb\s+2\/3\s+1\.3\s+failed/);
  assert.match(table, /notebooks\/b\.ipynb\s+2\/3\s+1\.3\s+ok/);
  assert.match(table, /2 notebook\(s\): 1 ok, 1 not ok/);
});

test("asyncErrorLine: uncaught errors count, tslab's own start-up socket race does not", () => {
  assert.equal(asyncErrorLine('UncaughtException: Error: async boom  '), 'UncaughtException: Error: async boom');
  assert.equal(asyncErrorLine('UnhandledPromiseRejection: Error: nope'), 'UnhandledPromiseRejection: Error: nope');
  assert.equal(asyncErrorLine('UnhandledPromiseRejection: Error: Socket is blocked by a bind or unbind operation'), null);
  assert.equal(asyncErrorLine('    at Object.<anonymous> (x.js:1:1)'), null);
  assert.equal(asyncErrorLine('an UncaughtException: mentioned mid-line'), null);
});
