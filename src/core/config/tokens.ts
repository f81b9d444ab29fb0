import { codePoint } from './inputText';

/** Longer than any LAVA API token (LAVA makes them 32 to 128 characters long). */
export const MAX_TOKEN_LENGTH = 512;

export type TokenCheck = { ok: true; token: string } | { ok: false; message: string };

/**
 * Checks an API token before it is stored, whether typed into "LAVA: Set Token…" or read from
 * lavacli.yaml: printable ASCII (0x21–0x7E), no spaces, at most MAX_TOKEN_LENGTH characters.
 * Spaces and tabs around it (a paste's leftovers) are dropped. A token that fails never reaches
 * an HTTP header (where a CR, LF or NUL makes fetch throw an error that quotes the header), and
 * no message here contains any of it.
 */
export function checkToken(input: string): TokenCheck {
  const token = input.replace(/^[ \t]+|[ \t]+$/g, '');
  if (token === '') return { ok: false, message: 'The token cannot be empty.' };
  if (token.length > MAX_TOKEN_LENGTH) {
    return { ok: false, message: `A LAVA token is at most ${MAX_TOKEN_LENGTH} characters long (this one has ${token.length}).` };
  }
  for (const char of token) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0x21 && code <= 0x7e) continue;
    if (code === 0x20 || code === 0x09) return { ok: false, message: 'A token has no spaces.' };
    if (code > 0x7e && !isInvisible(code)) {
      return { ok: false, message: 'A LAVA token is plain ASCII: this one has a non-ASCII character.' };
    }
    return { ok: false, message: `A LAVA token is printable ASCII: this one has a control or invisible character (${codePoint(char)}).` };
  }
  return { ok: true, token };
}

/** Controls, spaces and zero-width or direction marks: characters that cannot be seen. */
function isInvisible(code: number): boolean {
  return code < 0x21 || (code >= 0x7f && code <= 0xa0) || code === 0xad || /[\p{Cc}\p{Cf}\p{Z}]/u.test(String.fromCodePoint(code));
}

/**
 * Whether a token sent to `serverUrl` would cross the network unencrypted: plain `http://` to a
 * host that is not this machine (127.0.0.0/8, ::1, localhost). Anything that is not a URL is
 * treated as needing the warning.
 */
export function needsPlainHttpWarning(serverUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(serverUrl);
  } catch {
    return true;
  }
  if (url.protocol === 'https:') return false;
  return !isLoopbackHost(url.hostname);
}

/** `localhost`, 127.0.0.0/8 or `[::1]`, as the URL parser writes them (it normalizes `127.1`, `0x7f.0.0.1`, `[0:0::1]`). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]') return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return v4 !== null && v4[1] === '127' && v4.slice(2).every((part) => Number(part) <= 255);
}

/**
 * The user's answer, once per server per session, to "send the token over plain http?".
 * `ask` puts the question (a modal in VS Code) and resolves true for "Send Anyway"; the
 * answer, yes or no, is remembered, and calls made while the question is open share it.
 */
export class PlainHttpConsent {
  private readonly answers = new Map<string, Promise<boolean>>();

  constructor(private readonly ask: (serverUrl: string) => PromiseLike<boolean>) {}

  /** Whether a token may be sent to `serverUrl`: at once for https and loopback, else the user's answer. */
  allowed(serverUrl: string): Promise<boolean> {
    if (!needsPlainHttpWarning(serverUrl)) return Promise.resolve(true);
    let answer = this.answers.get(serverUrl);
    if (!answer) {
      answer = Promise.resolve(this.ask(serverUrl)).then(
        (yes) => yes === true,
        () => false,
      );
      this.answers.set(serverUrl, answer);
    }
    return answer;
  }
}
