// core/net — keeping a token out of every text a server sends back.
//
// A server or a proxy may quote the request it got: its Authorization header (`Token <t>`, or
// XML-RPC's `Basic base64(user:token)`) or the token alone, in a DRF detail, a fault string, an
// HTML error page.  Whatever it quotes, no notification, status bar text or Problems entry may
// show it.  Two tools, one list of secrets:
//   redact / redactSecrets  a text (an error message of the platform, a body already read);
//   redactingFetch          every answer's body, before anyone reads it: the one place every
//                           submit, cancel, resubmit and validate request goes through.
import type { Credentials, FetchFn } from './fetchTypes';

/** What a secret is replaced with. */
export const REDACTED = '[token]';

/** The texts that reveal a token: the token, and Basic `user:token` in base64 (with and without its padding). */
export function secretsOf(token: string | undefined, username?: string): string[] {
  if (!token) return [];
  const out = [token];
  if (username !== undefined) {
    const b64 = base64Utf8(`${username}:${token}`);
    out.push(b64);
    const bare = b64.replace(/=+$/, '');
    if (bare !== b64) out.push(bare);
  }
  // the longest first, so a secret inside another is not cut in two
  return out.filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

/** Removes the token from a text (an error message of the platform may quote a header). */
export function redact(text: string, credentials?: Credentials): string {
  return redactSecrets(text, secretsOf(credentials?.token));
}

/** Every secret in `text` replaced with `[token]`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s && out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}

/**
 * A fetch whose answers never hold a secret: each body is passed through a stream that replaces
 * every secret's UTF-8 bytes with `[token]`, also where one is cut between two chunks (the last
 * `longest - 1` bytes of a chunk wait for the next).  Status and headers are kept.
 */
export function redactingFetch(fetch: FetchFn, secrets: readonly string[]): FetchFn {
  const patterns = secrets
    .filter((s) => s.length > 0)
    .map((s) => new TextEncoder().encode(s))
    .sort((a, b) => b.length - a.length);
  if (patterns.length === 0) return fetch;
  return async (input, init) => {
    const res = await fetch(input, init);
    if (!res.body || NULL_BODY.has(res.status)) return res;
    const redacted = new Response(res.body.pipeThrough(redactStream(patterns)), {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
    return redacted;
  };
}

const NULL_BODY = new Set([101, 204, 205, 304]);
const REPLACEMENT = new TextEncoder().encode(REDACTED);

/** A byte stream with each pattern replaced by `[token]` (patterns sorted longest first by secretsOf). */
export function redactStream(patterns: readonly Uint8Array[]): TransformStream<Uint8Array, Uint8Array> {
  const keep = Math.max(...patterns.map((p) => p.length)) - 1;
  let carry: Uint8Array = new Uint8Array(0);
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      const data = carry.length ? concat(carry, chunk) : chunk;
      const { out, rest } = replaceAll(data, patterns, keep);
      carry = rest;
      for (const part of out) controller.enqueue(part);
    },
    flush(controller) {
      const { out } = replaceAll(carry, patterns, 0);
      for (const part of out) controller.enqueue(part);
    },
  });
}

/**
 * `data` with every match that starts before its last `keep` bytes replaced (there every secret
 * is whole, and the longest one wins); from there on the bytes are held back for the next chunk.
 */
function replaceAll(data: Uint8Array, patterns: readonly Uint8Array[], keep: number): { out: Uint8Array[]; rest: Uint8Array } {
  const out: Uint8Array[] = [];
  const limit = Math.max(0, data.length - keep);
  let from = 0;
  // each pattern's next match at or after `from` (-1: none left), so the body is scanned once a pattern
  const next = patterns.map((p) => indexOf(data, p, 0));
  for (;;) {
    let best = -1;
    let bestLen = 0;
    for (let i = 0; i < patterns.length; i++) {
      if (next[i] >= 0 && next[i] < from) next[i] = indexOf(data, patterns[i], from);
      if (next[i] >= 0 && (best < 0 || next[i] < best)) {
        best = next[i];
        bestLen = patterns[i].length;
      }
    }
    if (best < 0 || best >= limit) break;
    if (best > from) out.push(data.subarray(from, best));
    out.push(REPLACEMENT);
    from = best + bestLen;
  }
  const cut = Math.max(from, limit);
  if (cut > from) out.push(data.subarray(from, cut));
  return { out, rest: data.slice(cut) };
}

function indexOf(data: Uint8Array, p: Uint8Array, from: number): number {
  const first = p[0];
  const last = data.length - p.length;
  for (let at = data.indexOf(first, from); at >= 0 && at <= last; at = data.indexOf(first, at + 1)) {
    let i = 1;
    while (i < p.length && data[at + i] === p[i]) i++;
    if (i === p.length) return at;
  }
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let latin1 = '';
  for (const b of bytes) latin1 += String.fromCharCode(b);
  return btoa(latin1);
}
