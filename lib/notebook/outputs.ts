import { normalizeMimeBundle, type MimeBundle, type Output } from './nbformat';

// Turn iopub messages into nbformat outputs (pure). Handles tslab's quirks: JSON MIME data sent as
// strings, and errors that arrive only as stderr text plus an execute_reply with status "error".

/** Outputs that carry a display id, by id, across the whole notebook (updates may target earlier cells). */
export type DisplayRegistry = Map<string, Array<Extract<Output, { data: MimeBundle }>>>;

/** Collects one code cell's outputs from iopub messages (`stream`, `display_data`, `clear_output`, …). */
export class OutputCollector {
  readonly outputs: Output[] = [];
  private clearOnNext = false;

  constructor(
    private readonly executionCount: number,
    private readonly displays: DisplayRegistry = new Map(),
  ) {}

  /** Apply one iopub message (by `msg_type` and `content`); unknown types are ignored. */
  add(msgType: string, content: Record<string, unknown>): void {
    if (msgType === 'clear_output') {
      if (content.wait) this.clearOnNext = true;
      else this.clear();
      return;
    }
    if (msgType === 'update_display_data') return this.update(content);
    const out = this.toOutput(msgType, content);
    if (!out) return;
    if (this.clearOnNext) this.clear();
    const last = this.outputs[this.outputs.length - 1];
    if (out.output_type === 'stream' && last?.output_type === 'stream' && last.name === out.name) {
      last.text += out.text;
      return;
    }
    this.outputs.push(out);
    const id = displayId(content);
    if (id && 'data' in out) this.displays.set(id, [...(this.displays.get(id) ?? []), out]);
  }

  /**
   * The nbformat error output for a failed execution. Uses an iopub `error` if one came; else takes
   * the reply's ename/evalue/traceback, filling gaps from the trailing stderr text (which it
   * removes from the outputs, since tslab prints the error there instead of sending it).
   */
  finishError(reply: Record<string, unknown>): Extract<Output, { output_type: 'error' }> {
    const existing = this.outputs.find((o) => o.output_type === 'error');
    if (existing?.output_type === 'error') return existing;
    const last = this.outputs[this.outputs.length - 1];
    let text = '';
    if (last?.output_type === 'stream' && last.name === 'stderr') {
      text = last.text;
      this.outputs.pop();
    }
    const parsed = parseErrorText(text);
    const tb = Array.isArray(reply.traceback) ? reply.traceback.map(String) : [];
    const err = {
      output_type: 'error' as const,
      ename: nonEmpty(reply.ename) ?? parsed.ename,
      evalue: nonEmpty(reply.evalue) ?? parsed.evalue,
      traceback: tb.length ? tb : text.replace(/\n+$/, '').split('\n'),
    };
    this.outputs.push(err);
    return err;
  }

  private toOutput(msgType: string, c: Record<string, unknown>): Output | null {
    switch (msgType) {
      case 'stream':
        return { output_type: 'stream', name: c.name === 'stderr' ? 'stderr' : 'stdout', text: String(c.text ?? '') };
      case 'display_data':
        return { output_type: 'display_data', data: bundle(c.data), metadata: obj(c.metadata) };
      case 'execute_result':
        return { output_type: 'execute_result', data: bundle(c.data), metadata: obj(c.metadata), execution_count: this.executionCount };
      case 'error':
        return { output_type: 'error', ename: String(c.ename ?? 'Error'), evalue: String(c.evalue ?? ''), traceback: Array.isArray(c.traceback) ? c.traceback.map(String) : [] };
      default:
        return null;
    }
  }

  private update(content: Record<string, unknown>): void {
    const id = displayId(content);
    for (const out of (id && this.displays.get(id)) || []) {
      out.data = bundle(content.data);
      out.metadata = obj(content.metadata);
    }
  }

  private clear(): void {
    this.clearOnNext = false;
    this.outputs.length = 0;
  }
}

/**
 * Split error text printed by tslab into ename/evalue. tslab prints the source position first
 * (`evalmachine.<anonymous>:2`, the code line, `^`), then `TypeError: x` and the stack, so the
 * first line shaped like `SomeError: message` wins; a TS diagnostic `3:1 - msg` gives CompileError.
 */
export function parseErrorText(text: string): { ename: string; evalue: string } {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  // The thrown error is the `Name: message` line right above its stack; the user's own stderr
  // may hold error-like lines earlier, so without a stack take the last such line, not the first.
  const errorLines = lines
    .map((line, i) => ({ i, m: /^(?:Uncaught )?((?:[A-Za-z_$][\w$]*)?(?:Error|Exception))(?: \[[^\]]*\])?(?::\s?(.*))?$/.exec(line) }))
    .filter((e) => e.m);
  const thrown = errorLines.find((e) => lines[e.i + 1]?.startsWith('at ')) ?? errorLines[errorLines.length - 1];
  if (thrown?.m) return { ename: thrown.m[1], evalue: thrown.m[2] ?? '' };
  for (const line of lines) {
    const ts = /^(?:\S+ )?\d+:\d+ - (.*)$/.exec(line);
    if (ts) return { ename: 'CompileError', evalue: ts[1] };
  }
  return { ename: 'Error', evalue: lines[0] ?? 'cell failed (the kernel gave no message)' };
}

function displayId(content: Record<string, unknown>): string | undefined {
  const t = content.transient;
  const id = t && typeof t === 'object' ? (t as Record<string, unknown>).display_id : undefined;
  return typeof id === 'string' && id ? id : undefined;
}

function bundle(x: unknown): MimeBundle {
  return normalizeMimeBundle(obj(x));
}

function obj(x: unknown): Record<string, unknown> {
  return x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : {};
}

function nonEmpty(x: unknown): string | undefined {
  return typeof x === 'string' && x !== '' ? x : undefined;
}
