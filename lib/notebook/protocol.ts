import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

// Jupyter messaging protocol v5.3, wire format only (pure: no sockets here).
// https://jupyter-client.readthedocs.io/en/stable/messaging.html#the-wire-protocol

/** Protocol version we speak. */
export const PROTOCOL_VERSION = '5.3';

/** Frame separating ZeroMQ routing identities from the signed message. */
export const DELIMITER = '<IDS|MSG>';

/** A message header (`parent_header` is the header of the request, or `{}`). */
export interface MessageHeader {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

/** A decoded Jupyter message; `content` is left loosely typed and narrowed by the reader. */
export interface JupyterMessage {
  header: MessageHeader;
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
  buffers?: Buffer[];
}

/** The connection file a kernel reads (`kernel.json`-launched kernels get it as `{connection_file}`). */
export interface ConnectionInfo {
  transport: 'tcp';
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: 'hmac-sha256';
  kernel_name?: string;
}

/** Build a request message with a fresh id; `session` is the client's session id. */
export function buildMessage(msgType: string, content: Record<string, unknown>, session: string): JupyterMessage {
  return {
    header: {
      msg_id: randomUUID(),
      session,
      username: 'seqsentry',
      date: new Date().toISOString(),
      msg_type: msgType,
      version: PROTOCOL_VERSION,
    },
    parent_header: {},
    metadata: {},
    content,
  };
}

/** HMAC-SHA256 hex signature of the four JSON frames; an empty key means unsigned (""). */
export function signFrames(key: string, frames: Array<string | Buffer>): string {
  if (!key) return '';
  const hmac = createHmac('sha256', key);
  for (const f of frames) hmac.update(f);
  return hmac.digest('hex');
}

/** Encode to wire frames: `[<IDS|MSG>, signature, header, parent_header, metadata, content, ...buffers]`. */
export function encodeMessage(msg: JupyterMessage, key: string): Array<string | Buffer> {
  const body = [msg.header, msg.parent_header, msg.metadata, msg.content].map((x) => JSON.stringify(x));
  return [DELIMITER, signFrames(key, body), ...body, ...(msg.buffers ?? [])];
}

/** Decode wire frames (with any routing identities in front); throws on a missing delimiter or bad signature. */
export function decodeMessage(frames: Buffer[], key: string): JupyterMessage {
  const at = frames.findIndex((f) => f.toString() === DELIMITER);
  if (at < 0) throw new Error('jupyter message: missing <IDS|MSG> delimiter');
  if (frames.length < at + 6) throw new Error(`jupyter message: expected 6 frames after identities, got ${frames.length - at}`);
  const signature = frames[at + 1].toString();
  const body = frames.slice(at + 2, at + 6);
  const expected = signFrames(key, body);
  if (key && !sameHex(signature, expected)) throw new Error('jupyter message: invalid HMAC signature');
  const [header, parent_header, metadata, content] = body.map((f) => JSON.parse(f.toString()));
  const buffers = frames.slice(at + 6);
  return { header, parent_header, metadata, content, ...(buffers.length ? { buffers } : {}) };
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
