// AssemblyScript source of seqsentry's fused WASM kernels (built by `npm run build:kernels` into
// kernels.wasm and kernels-shared.wasm; test/engine-kernels.test.ts checks the committed binaries equal
// a fresh build). The module imports TF.js's own WASM memory: every pointer is a byte offset of a
// tensor buffer on TF.js's heap, so the kernels read and write tensors in place, without copies.
// The module has no data segment and allocates nothing (runtime stub, no strings, abort off), so it
// never writes outside the buffers it is handed.
//
// Each kernel repeats the float32 operations of the TF.js kernels it replaces in the same order, so
// its results are bit-identical to the stock WASM kernels (the tests check this): SIMD is used only
// where the lanes are independent elements, never to reorder a sum.

// ---- reductions ----

/** out[c] = Σ_r x[r·cols + c], rows summed in order (= stock Sum after its transpose). */
export function sumLeading(x: usize, rows: i32, cols: i32, out: usize): void {
  const zero = f32x4.splat(0);
  let c = 0;
  for (; c + 4 <= cols; c += 4) v128.store(out + (<usize>c << 2), zero);
  for (; c < cols; c++) store<f32>(out + (<usize>c << 2), 0);
  const rowBytes = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * rowBytes;
    c = 0;
    for (; c + 16 <= cols; c += 16) {
      const o = out + (<usize>c << 2);
      const p = xr + (<usize>c << 2);
      v128.store(o, f32x4.add(v128.load(o), v128.load(p)));
      v128.store(o, f32x4.add(v128.load(o, 16), v128.load(p, 16)), 16);
      v128.store(o, f32x4.add(v128.load(o, 32), v128.load(p, 32)), 32);
      v128.store(o, f32x4.add(v128.load(o, 48), v128.load(p, 48)), 48);
    }
    for (; c + 4 <= cols; c += 4) {
      const o = out + (<usize>c << 2);
      v128.store(o, f32x4.add(v128.load(o), v128.load(xr + (<usize>c << 2))));
    }
    for (; c < cols; c++) {
      const o = out + (<usize>c << 2);
      store<f32>(o, load<f32>(o) + load<f32>(xr + (<usize>c << 2)));
    }
  }
}

// ---- LeakyReLU ----

/** y = x < 0 ? α·x : x (stock LeakyRelu). */
export function leakyRelu(x: usize, n: i32, alpha: f32, y: usize): void {
  const a = f32x4.splat(alpha);
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    const v = v128.load(x + off);
    v128.store(y + off, v128.bitselect(f32x4.mul(a, v), v, f32x4.lt(v, zero)));
  }
  for (; i < n; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    store<f32>(y + (<usize>i << 2), v < 0 ? alpha * v : v);
  }
}

/** dx = x > 0 ? dy : dy·α (TF.js's LeakyRelu gradient: where(greater(x, 0), dy, mul(dy, α))). */
export function leakyReluGrad(dy: usize, x: usize, n: i32, alpha: f32, dx: usize): void {
  const a = f32x4.splat(alpha);
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    const g = v128.load(dy + off);
    v128.store(dx + off, v128.bitselect(g, f32x4.mul(g, a), f32x4.gt(v128.load(x + off), zero)));
  }
  for (; i < n; i++) {
    const g = load<f32>(dy + (<usize>i << 2));
    store<f32>(dx + (<usize>i << 2), load<f32>(x + (<usize>i << 2)) > 0 ? g : g * alpha);
  }
}

// ---- Adam / AdamW with global-norm clipping, all variables in one call ----

/** Σ g², squares summed in order in float32 (stock Sum(Square(g)) over all elements). */
export function sumSquares(g: usize, n: i32): f32 {
  let s: f32 = 0;
  for (let i = 0; i < n; i++) {
    const v = load<f32>(g + (<usize>i << 2));
    s += v * v;
  }
  return s;
}

/**
 * One optimizer step over `count` variables described by a table of 8 i32 per variable:
 * [value, grad, m, v, newValue, newM, newV, size | decay flag in bit 31]. With coef the clipping
 * factor (1 without clipping) and decay the weight-decay factor (applied where flagged), per element:
 *   g = grad·coef; w = value·decay; m' = m·β1 + g·(1−β1); v' = v·β2 + g²·(1−β2);
 *   w' = (m'/(1−β1ᵗ)) / (sqrt(v'/(1−β2ᵗ)) + ε) · (−lr) + w
 * in TF.js AdamOptimizer's operation order.
 */
export function adamStep(table: usize, count: i32, coef: f32, clip: i32, decay: f32, beta1: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32, corr1: f32, corr2: f32, eps: f32, negLr: f32): void {
  const vc = f32x4.splat(coef);
  const vd = f32x4.splat(decay);
  const vb1 = f32x4.splat(beta1);
  const vob1 = f32x4.splat(oneMinusBeta1);
  const vb2 = f32x4.splat(beta2);
  const vob2 = f32x4.splat(oneMinusBeta2);
  const vc1 = f32x4.splat(corr1);
  const vc2 = f32x4.splat(corr2);
  const veps = f32x4.splat(eps);
  const vlr = f32x4.splat(negLr);
  for (let k = 0; k < count; k++) {
    const row = table + (<usize>k << 5);
    const value = <usize>load<u32>(row);
    const grad = <usize>load<u32>(row, 4);
    const m = <usize>load<u32>(row, 8);
    const v = <usize>load<u32>(row, 12);
    const outValue = <usize>load<u32>(row, 16);
    const outM = <usize>load<u32>(row, 20);
    const outV = <usize>load<u32>(row, 24);
    const meta = load<u32>(row, 28);
    const n = <i32>(meta & 0x7fffffff);
    const decayed = (meta >>> 31) != 0;
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      let g = v128.load(grad + off);
      if (clip) g = f32x4.mul(g, vc);
      let w = v128.load(value + off);
      if (decayed) w = f32x4.mul(w, vd);
      const m1 = f32x4.add(f32x4.mul(v128.load(m + off), vb1), f32x4.mul(g, vob1));
      const v1 = f32x4.add(f32x4.mul(v128.load(v + off), vb2), f32x4.mul(f32x4.mul(g, g), vob2));
      const step = f32x4.div(f32x4.div(m1, vc1), f32x4.add(f32x4.sqrt(f32x4.div(v1, vc2)), veps));
      v128.store(outM + off, m1);
      v128.store(outV + off, v1);
      v128.store(outValue + off, f32x4.add(f32x4.mul(step, vlr), w));
    }
    for (; i < n; i++) {
      const off = <usize>i << 2;
      let g = load<f32>(grad + off);
      if (clip) g = g * coef;
      let w = load<f32>(value + off);
      if (decayed) w = w * decay;
      const m1 = load<f32>(m + off) * beta1 + g * oneMinusBeta1;
      const v1 = load<f32>(v + off) * beta2 + g * g * oneMinusBeta2;
      const step = (m1 / corr1) / (Mathf.sqrt(v1 / corr2) + eps);
      store<f32>(outM + off, m1);
      store<f32>(outV + off, v1);
      store<f32>(outValue + off, step * negLr + w);
    }
  }
}

// ---- LayerNorm over the last axis ----

/**
 * Per row of d: mean = Σx / d; var = Σ(x − mean)² / d; rstd = 1 / sqrt(var + ε);
 * y = (x − mean)·rstd·γ + β — the float32 operations of tf.moments, Rsqrt and the broadcast Mul/Add in
 * their order (sums in order), so y equals the unfused layer bit for bit. mean and rstd are kept for
 * the backward pass. γ or β may be 0 (absent).
 */
export function layerNormForward(x: usize, rows: i32, d: i32, gamma: usize, beta: usize, eps: f32, y: usize, mean: usize, rstd: usize): void {
  const fd = <f32>d;
  for (let r = 0; r < rows; r++) {
    const xr = x + ((<usize>r * <usize>d) << 2);
    const yr = y + ((<usize>r * <usize>d) << 2);
    let s: f32 = 0;
    for (let c = 0; c < d; c++) s += load<f32>(xr + (<usize>c << 2));
    const m = s / fd;
    let s2: f32 = 0;
    for (let c = 0; c < d; c++) {
      const dv = load<f32>(xr + (<usize>c << 2)) - m;
      s2 += dv * dv;
    }
    const rs: f32 = <f32>1 / Mathf.sqrt(s2 / fd + eps);
    store<f32>(mean + (<usize>r << 2), m);
    store<f32>(rstd + (<usize>r << 2), rs);
    for (let c = 0; c < d; c++) {
      const off = <usize>c << 2;
      let v = (load<f32>(xr + off) - m) * rs;
      if (gamma) v = v * load<f32>(gamma + off);
      if (beta) v = v + load<f32>(beta + off);
      store<f32>(yr + off, v);
    }
  }
}

/**
 * The LayerNorm gradient in one pass over the rows: with x̂ = (x − mean)·rstd and g = dy·γ,
 * dx = rstd·(g − mean(g) − x̂·mean(g·x̂)) (row means accumulated in float64), dγ = Σ_rows dy·x̂ and
 * dβ = Σ_rows dy (float32, rows in order, as TF.js's gradient of the broadcast Mul/Add sums them).
 */
export function layerNormBackward(dy: usize, x: usize, rows: i32, d: i32, gamma: usize, mean: usize, rstd: usize, dx: usize, dgamma: usize, dbeta: usize): void {
  for (let c = 0; c < d; c++) {
    if (dgamma) store<f32>(dgamma + (<usize>c << 2), 0);
    if (dbeta) store<f32>(dbeta + (<usize>c << 2), 0);
  }
  const inv: f64 = 1.0 / <f64>d;
  for (let r = 0; r < rows; r++) {
    const base = (<usize>r * <usize>d) << 2;
    const m = load<f32>(mean + (<usize>r << 2));
    const rs = load<f32>(rstd + (<usize>r << 2));
    let sg: f64 = 0;
    let sgx: f64 = 0;
    for (let c = 0; c < d; c++) {
      const off = <usize>c << 2;
      const xh = (load<f32>(x + base + off) - m) * rs;
      const g0 = load<f32>(dy + base + off);
      if (dgamma) store<f32>(dgamma + off, load<f32>(dgamma + off) + g0 * xh);
      if (dbeta) store<f32>(dbeta + off, load<f32>(dbeta + off) + g0);
      const g = gamma ? g0 * load<f32>(gamma + off) : g0;
      sg += <f64>g;
      sgx += <f64>g * <f64>xh;
    }
    const mg = <f32>(sg * inv);
    const mgx = <f32>(sgx * inv);
    for (let c = 0; c < d; c++) {
      const off = <usize>c << 2;
      const xh = (load<f32>(x + base + off) - m) * rs;
      const g0 = load<f32>(dy + base + off);
      const g = gamma ? g0 * load<f32>(gamma + off) : g0;
      store<f32>(dx + base + off, rs * (g - mg - xh * mgx));
    }
  }
}

// ---- reconstruction losses, per sample ----

/**
 * out[b] = mean over the sample's `per` elements of e(r − x): kind 0 squared error (r − x)², kind 1
 * Huber with q = min(|r − x|, δ): 0.5·q² + δ·(|r − x| − q) — the float32 operations of
 * meanSquaredPerSample / huberPerSample (lib/train/loss.ts) in their order, sums in order.
 */
export function lossForward(kind: i32, delta: f32, x: usize, r: usize, samples: i32, per: i32, out: usize): void {
  const fper = <f32>per;
  for (let b = 0; b < samples; b++) {
    const base = (<usize>b * <usize>per) << 2;
    let s: f32 = 0;
    for (let i = 0; i < per; i++) {
      const off = base + (<usize>i << 2);
      const e = load<f32>(r + off) - load<f32>(x + off);
      if (kind == 0) {
        s += e * e;
      } else {
        const a = Mathf.abs(e);
        const q = Mathf.min(a, delta);
        s += <f32>0.5 * (q * q) + delta * (a - q);
      }
    }
    store<f32>(out + (<usize>b << 2), s / fper);
  }
}

/** d loss / d r for an upstream gradient dy[b] per sample: (dy/per)·2(r − x), or (dy/per)·clamp(r − x, −δ, δ). */
export function lossBackward(kind: i32, delta: f32, x: usize, r: usize, samples: i32, per: i32, dy: usize, dr: usize): void {
  const fper = <f32>per;
  for (let b = 0; b < samples; b++) {
    const base = (<usize>b * <usize>per) << 2;
    const g = load<f32>(dy + (<usize>b << 2)) / fper;
    for (let i = 0; i < per; i++) {
      const off = base + (<usize>i << 2);
      const e = load<f32>(r + off) - load<f32>(x + off);
      store<f32>(dr + off, kind == 0 ? g * (<f32>2 * e) : g * Mathf.max(-delta, Mathf.min(e, delta)));
    }
  }
}

// ---- FastGRU forward step (the elementwise parts; σ and tanh stay TF.js's own kernels) ----

/** pre[b, 0:2U] = xp[b, 0:2U] + rp[b, 0:2U]: the z and r gates' pre-activations (rows of xp, rp are 3U wide). */
export function gruGatesPre(xp: usize, rp: usize, batch: i32, units: i32, pre: usize): void {
  const w = units * 2;
  for (let b = 0; b < batch; b++) {
    const src = (<usize>b * <usize>(units * 3)) << 2;
    const dst = (<usize>b * <usize>w) << 2;
    let j = 0;
    for (; j + 4 <= w; j += 4) {
      const o = <usize>j << 2;
      v128.store(pre + dst + o, f32x4.add(v128.load(xp + src + o), v128.load(rp + src + o)));
    }
    for (; j < w; j++) {
      const o = <usize>j << 2;
      store<f32>(pre + dst + o, load<f32>(xp + src + o) + load<f32>(rp + src + o));
    }
  }
}

/**
 * From σ of the gates zr [B, 2U]: z, r [B, U]; rh = rp[:, 2U:3U]; and the candidate's pre-activation
 * a = xp[:, 2U:3U] + r ⊙ rh, or 2a with `twice` (for tanh(a) = 2σ(2a) − 1).
 */
export function gruCandidatePre(xp: usize, rp: usize, zr: usize, batch: i32, units: i32, z: usize, r: usize, rh: usize, a: usize, twice: i32): void {
  const k: f32 = twice ? 2 : 1;
  const vk = f32x4.splat(k);
  const u3 = <usize>(units * 3);
  const u2 = <usize>(units * 2);
  const u = <usize>units;
  for (let b = 0; b < batch; b++) {
    const row3 = (<usize>b * u3) << 2;
    const row2 = (<usize>b * u2) << 2;
    const row1 = (<usize>b * u) << 2;
    let j = 0;
    for (; j + 4 <= units; j += 4) {
      const o = <usize>j << 2;
      const zz = v128.load(zr + row2 + o);
      const rr = v128.load(zr + row2 + (u << 2) + o);
      const rhv = v128.load(rp + row3 + (u2 << 2) + o);
      v128.store(z + row1 + o, zz);
      v128.store(r + row1 + o, rr);
      v128.store(rh + row1 + o, rhv);
      v128.store(a + row1 + o, f32x4.mul(f32x4.add(v128.load(xp + row3 + (u2 << 2) + o), f32x4.mul(rr, rhv)), vk));
    }
    for (; j < units; j++) {
      const o = <usize>j << 2;
      const zz = load<f32>(zr + row2 + o);
      const rr = load<f32>(zr + row2 + (u << 2) + o);
      const rhv = load<f32>(rp + row3 + (u2 << 2) + o);
      store<f32>(z + row1 + o, zz);
      store<f32>(r + row1 + o, rr);
      store<f32>(rh + row1 + o, rhv);
      store<f32>(a + row1 + o, (load<f32>(xp + row3 + (u2 << 2) + o) + rr * rhv) * k);
    }
  }
}

/**
 * h' = ĥ + z ⊙ (h − ĥ), n elements. With `fromSigmoid`, hh holds σ(2a) on entry and is first
 * turned into ĥ = 2σ(2a) − 1 in place (as seqsentry's WASM Tanh does for large tensors, wasm-fast.ts).
 */
export function gruCombine(hh: usize, z: usize, h: usize, n: i32, out: usize, fromSigmoid: i32): void {
  const two = f32x4.splat(2);
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    let c = v128.load(hh + o);
    if (fromSigmoid) {
      c = f32x4.sub(f32x4.mul(c, two), one);
      v128.store(hh + o, c);
    }
    v128.store(out + o, f32x4.add(c, f32x4.mul(v128.load(z + o), f32x4.sub(v128.load(h + o), c))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    let c = load<f32>(hh + o);
    if (fromSigmoid) {
      c = c * 2 - 1;
      store<f32>(hh + o, c);
    }
    store<f32>(out + o, c + load<f32>(z + o) * (load<f32>(h + o) - c));
  }
}
