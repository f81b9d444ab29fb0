// Answers captured from the real LAVA 2023.01 (data/submit/, see its README.md), replayed as Replies.
import * as fs from 'fs';
import * as path from 'path';
import { DATA_DIR } from './fixtures';
import { Reply } from './respond';

export const SUBMIT_DIR = path.join(DATA_DIR, 'submit');

/** Headers the simulator's HTTP layer writes itself (Node and server.write()). */
const OWN_HEADERS = new Set(['server', 'date', 'connection']);
const BODY_EXTS = ['json', 'xml', 'html', 'txt', 'yaml'];
const cache = new Map<string, Reply>();

/**
 * `data/submit/<name>.<ext>` with its `<name>.headers.txt`: the status, the headers in the
 * captured order and spelling (`Content-Length` recomputed for the stored body, which has
 * tokens replaced), the body bytes.  Server, Date and Connection are left to the server.
 */
export function capturedReply(name: string): Reply {
  const hit = cache.get(name);
  if (hit) return { ...hit, headers: { ...hit.headers } };
  const head = fs.readFileSync(path.join(SUBMIT_DIR, `${name}.headers.txt`), 'latin1').split('\n');
  const ext = BODY_EXTS.find((e) => fs.existsSync(path.join(SUBMIT_DIR, `${name}.${e}`)));
  if (!ext) throw new Error(`no captured body for ${name}`);
  const body = fs.readFileSync(path.join(SUBMIT_DIR, `${name}.${ext}`));
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(head[0]);
  if (!m) throw new Error(`bad status line in ${name}.headers.txt`);
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const k = line.slice(0, i);
    if (OWN_HEADERS.has(k.toLowerCase())) continue;
    headers[k] = k.toLowerCase() === 'content-length' ? String(body.length) : line.slice(i + 1).trim();
  }
  const reply: Reply = { status: Number(m[1]), headers, body };
  cache.set(name, reply);
  return { ...reply, headers: { ...headers } };
}

/** A captured answer whose body text gets `from` replaced by `to` (Content-Length follows). */
export function capturedWith(name: string, from: string, to: string): Reply {
  const r = capturedReply(name);
  const text = r.body.toString().split(from).join(to);
  return withBody(r, text);
}

export function withBody(r: Reply, text: string): Reply {
  const body = Buffer.from(text, 'utf8');
  const headers = { ...r.headers };
  for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-length') headers[k] = String(body.length);
  return { ...r, headers, body };
}

/** The JSON body of a captured answer (a job object, a list …). */
export function capturedJson(name: string): Record<string, unknown> {
  return JSON.parse(capturedReply(name).body.toString('utf8')) as Record<string, unknown>;
}

/** The invalid definitions of data/submit/definitions/: name -> text. */
export function invalidDefinitions(): Map<string, string> {
  const dir = path.join(SUBMIT_DIR, 'definitions');
  const out = new Map<string, string>();
  for (const f of fs.readdirSync(dir).sort()) if (f.endsWith('.yaml')) out.set(f.slice(0, -5), fs.readFileSync(path.join(dir, f), 'utf8'));
  return out;
}
