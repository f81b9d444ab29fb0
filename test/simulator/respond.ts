// Response values and the headers real LAVA (Django REST framework behind gunicorn) sends.

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

export const ALLOW_READ = 'GET, HEAD, OPTIONS';
export const ALLOW_LIST = 'GET, POST, HEAD, OPTIONS';
export const ALLOW_DETAIL = 'GET, PUT, PATCH, DELETE, HEAD, OPTIONS';

/** Headers of a DRF API response, in the order LAVA sends them. */
export function drfHeaders(contentType: string, allow: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    Vary: 'Accept, Cookie',
    Allow: allow,
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'X-XSS-Protection': '1; mode=block',
    'Referrer-Policy': 'same-origin',
  };
}

/** DRF's JSONRenderer: compact separators, no ASCII escaping, U+2028/2029 escaped. */
export function drfJsonText(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function drfJson(status: number, value: unknown, allow: string): Reply {
  return { status, headers: drfHeaders('application/json', allow), body: drfJsonText(value) };
}

export const notFound = (allow: string): Reply => drfJson(404, { detail: 'Not found.' }, allow);
export const invalidToken = (allow: string): Reply => drfJson(403, { detail: 'Invalid token.' }, allow);

/** A Django HTML page (error pages, the web UI). */
export function html(status: number, body: string | Buffer): Reply {
  return {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'X-Frame-Options': 'DENY',
      Vary: 'Cookie',
      'X-Content-Type-Options': 'nosniff',
      'X-XSS-Protection': '1; mode=block',
      'Referrer-Policy': 'same-origin',
    },
    body,
  };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A small Django-like HTML error page. */
export function htmlError(status: number, title: string): Reply {
  return html(
    status,
    `<!DOCTYPE html>\n<html lang="en-us">\n<head><title> | HTTP ${status} </title></head>\n<body><h1>${escapeHtml(title)}</h1></body>\n</html>\n`,
  );
}

/** Python's json.dumps() with its defaults: ", " / ": " separators, ensure_ascii. */
export function pythonJsonDumps(v: unknown): string {
  if (typeof v === 'string') return asciiJson(v);
  if (Array.isArray(v)) return `[${v.map(pythonJsonDumps).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.entries(v)
      .map(([k, x]) => `${asciiJson(k)}: ${pythonJsonDumps(x)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(v ?? null);
}

function asciiJson(s: string): string {
  return JSON.stringify(s).replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** LAVA's timestamps: ISO 8601 UTC with microseconds. */
export function lavaTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}
