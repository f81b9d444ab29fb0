/** Checks shared by what users type or paste and what other programs pass: job references, server URLs, tokens. */

/** Longer than any job URL or server URL a person pastes. */
export const MAX_INPUT_LENGTH = 2048;

/**
 * Characters that have no place in an id, a URL or a token and that a person cannot see:
 * ASCII and C1 controls, spaces of every kind, zero-width and direction marks, the BOM.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Z}\u115f\u1160\u3164\uffa0]/u;

/** The first invisible character of `text` (a control, a space, a zero-width mark) as `U+XXXX`, if any. */
export function firstInvisible(text: string): string | undefined {
  const match = INVISIBLE.exec(text);
  return match ? codePoint(match[0]) : undefined;
}

export function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * `"text"` for a message when it is short, plain ASCII and cannot hold credentials;
 * otherwise `fallback`. What the user typed is echoed only when it is safe to.
 */
export function quoteForMessage(text: string, fallback: string): string {
  return text.length <= 40 && /^[\x20-\x7e]*$/.test(text) && !/[@:]/.test(text) ? `"${text}"` : fallback;
}

/**
 * A URL-like text fit for a message: whatever may be credentials (everything between the
 * scheme and the last `@`, or before the last `@` when there is no scheme) becomes `…`,
 * invisible characters become `?`, and a long text is cut.
 */
export function redactUrl(text: string): string {
  let out = text;
  const at = out.lastIndexOf('@');
  if (at >= 0) {
    const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(out);
    const start = scheme && scheme[0].length <= at ? scheme[0].length : 0;
    out = `${out.slice(0, start)}…${out.slice(at)}`;
  }
  out = out.replace(new RegExp(INVISIBLE.source, 'gu'), '?');
  return out.length > 100 ? `${out.slice(0, 99)}…` : out;
}

/**
 * A URL path as we keep and show it: every character but letters, digits and `-._~/!&'*+,;=:@%`
 * percent-encoded (a server reads the same path).  A path a user pasted may hold `[ ] ( )`, which
 * the URL parser keeps: echoed in a notification, `x](command:…)` would be a link; in the status
 * bar, `$(…)` an icon.  Encoded, neither can be.
 */
export function plainUrlPath(path: string): string {
  return path.replace(/[^A-Za-z0-9\-._~/!&'*+,;=:@%]/g, (ch) =>
    Array.from(new TextEncoder().encode(ch), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

/** `scheme:` of a text that starts with one (`https:`, `javascript:`), lower case. */
export function schemeOf(text: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1].toLowerCase().concat(':');
}
