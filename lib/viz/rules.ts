import type { TopLevelSpec } from './spec';

/** A reference line: vertical at `x` or horizontal at `y`, named in its tooltip and an optional text label. */
export interface RuleMark {
  x?: number;
  y?: number;
  label: string;
  /** Default '#333333'. */
  color?: string;
  /** Default dashed [6, 4]; [] for solid. */
  dash?: number[];
}

const TOP_KEYS = ['$schema', 'title', 'width', 'height', 'usermeta', 'config', 'description', 'padding', 'autosize', 'background'];

/**
 * Add reference rules (e.g. a detector threshold) on top of any single-view or layered spec from the
 * builders: the spec becomes a layer whose top level keeps schema, title and size. Rules share the
 * chart's scales, so `x` is in data units (for a histogram of log10 errors, pass log10(threshold)).
 */
export function withRules(spec: TopLevelSpec, rules: RuleMark[]): TopLevelSpec {
  if (rules.length === 0) return spec;
  for (const r of rules) {
    if ((r.x === undefined) === (r.y === undefined)) throw new Error(`withRules: rule "${r.label}" needs exactly one of x or y`);
    const v = r.x ?? r.y;
    if (!Number.isFinite(v)) throw new Error(`withRules: rule "${r.label}" position is not a finite number (${v})`);
  }
  const s = spec as unknown as Record<string, unknown>;
  const top: Record<string, unknown> = {};
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) (TOP_KEYS.includes(k) ? top : body)[k] = v;
  const layered = Array.isArray(body.layer);
  // A layered spec keeps its shared keys (data, encoding, resolve); the rules bring their own data, which wins.
  const layers = layered ? [...(body.layer as object[])] : [body];
  for (const r of rules) {
    const ch = r.x !== undefined ? 'x' : 'y';
    // Layers merge axis titles; repeating the chart's own title keeps it (null would erase it, none would append "value").
    const title = axisTitle(layered ? [body, ...layers] : layers, ch);
    const value = r.x ?? r.y;
    const row = { value, label: r.label };
    layers.push({
      data: { values: [row] },
      mark: { type: 'rule', color: r.color ?? '#333333', strokeDash: r.dash ?? [6, 4], strokeWidth: 1.5, tooltip: true },
      encoding: { [ch]: { field: 'value', type: 'quantitative', title } },
    });
    layers.push({
      data: { values: [row] },
      mark: ch === 'x'
        ? { type: 'text', align: 'left', baseline: 'top', dx: 4, y: 2, color: r.color ?? '#333333', fontSize: 10 }
        : { type: 'text', align: 'right', baseline: 'bottom', dy: -2, x: 'width', color: r.color ?? '#333333', fontSize: 10 },
      encoding: { [ch]: { field: 'value', type: 'quantitative', title }, text: { field: 'label' } },
    });
  }
  return { ...top, ...(layered ? body : {}), layer: layers } as TopLevelSpec;
}

function axisTitle(layers: object[], ch: 'x' | 'y'): unknown {
  for (const l of layers) {
    const enc = (l as { encoding?: Record<string, { title?: unknown; field?: unknown }> }).encoding?.[ch];
    if (enc && enc.title !== undefined) return enc.title;
    if (enc && typeof enc.field === 'string') return enc.field;
  }
  return null;
}
