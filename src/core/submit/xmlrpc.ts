// core/submit — the little XML-RPC LAVA's scheduler.jobs.validate needs: a call with string (and
// boolean) parameters, an answer of strings, ints, booleans, structs, arrays, or a fault.
// Not a general XML parser: Python's xmlrpc.client/server texts (no CDATA, no DTD).

export type RpcValue = string | number | boolean | null | RpcValue[] | { [name: string]: RpcValue };

export type RpcResponse = { kind: 'value'; value: RpcValue } | { kind: 'fault'; code: number; message: string };

/** The largest answer decoded (validate answers are a few hundred bytes). */
export const MAX_RPC_RESPONSE_CHARS = 1024 * 1024;
const MAX_DEPTH = 32;

export function encodeCall(method: string, params: readonly (string | boolean)[]): string {
  const values = params
    .map(
      (p) =>
        `<param><value>${typeof p === 'boolean' ? `<boolean>${p ? 1 : 0}</boolean>` : `<string>${escapeXml(p)}</string>`}</value></param>`,
    )
    .join('');
  return `<?xml version='1.0'?>\n<methodCall>\n<methodName>${escapeXml(method)}</methodName>\n<params>\n${values}\n</params>\n</methodCall>\n`;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[e as 'lt'];
  });
}

/** Thrown for an answer that is not an XML-RPC methodResponse. */
export class RpcDecodeError extends Error {}

/** Decodes a methodResponse: one value, or a fault {faultCode, faultString}. */
export function decodeResponse(xml: string): RpcResponse {
  if (xml.length > MAX_RPC_RESPONSE_CHARS) throw new RpcDecodeError('The XML-RPC answer is too large.');
  const p = new Reader(xml);
  p.skipProlog();
  p.open('methodResponse');
  let out: RpcResponse;
  if (p.peekOpen('fault')) {
    p.open('fault');
    const v = p.value(0);
    p.close('fault');
    const s = v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {};
    const code = typeof s.faultCode === 'number' ? s.faultCode : NaN;
    out = { kind: 'fault', code, message: typeof s.faultString === 'string' ? s.faultString : '' };
  } else {
    p.open('params');
    p.open('param');
    const value = p.value(0);
    p.close('param');
    p.close('params');
    out = { kind: 'value', value };
  }
  p.close('methodResponse');
  return out;
}

class Reader {
  private i = 0;
  constructor(private readonly s: string) {}

  skipProlog(): void {
    this.space();
    if (this.s.startsWith('<?xml', this.i)) {
      const end = this.s.indexOf('?>', this.i);
      if (end < 0) throw new RpcDecodeError('Unterminated XML declaration.');
      this.i = end + 2;
    }
  }

  private space(): void {
    for (;;) {
      while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
      if (this.s.startsWith('<!--', this.i)) {
        const end = this.s.indexOf('-->', this.i);
        if (end < 0) throw new RpcDecodeError('Unterminated comment.');
        this.i = end + 3;
        continue;
      }
      return;
    }
  }

  peekOpen(tag: string): boolean {
    this.space();
    return new RegExp(`^<${tag}\\s*/?>`).test(this.s.slice(this.i, this.i + tag.length + 4));
  }

  /** `<tag>`; true when it was `<tag/>` (empty). */
  open(tag: string): boolean {
    this.space();
    const m = new RegExp(`^<${tag}\\s*(/?)>`).exec(this.s.slice(this.i, this.i + tag.length + 4));
    if (!m) throw new RpcDecodeError(`Expected <${tag}> at ${this.i}.`);
    this.i += m[0].length;
    return m[1] === '/';
  }

  close(tag: string): void {
    this.space();
    const m = new RegExp(`^</${tag}\\s*>`).exec(this.s.slice(this.i, this.i + tag.length + 4));
    if (!m) throw new RpcDecodeError(`Expected </${tag}> at ${this.i}.`);
    this.i += m[0].length;
  }

  /** Raw text up to the next `<`. */
  private text(): string {
    const end = this.s.indexOf('<', this.i);
    if (end < 0) throw new RpcDecodeError('Unterminated text.');
    const t = this.s.slice(this.i, end);
    this.i = end;
    return unescapeXml(t);
  }

  value(depth: number): RpcValue {
    if (depth > MAX_DEPTH) throw new RpcDecodeError('The XML-RPC answer is nested too deeply.');
    if (this.open('value')) return '';
    const start = this.i;
    this.space();
    if (this.s[this.i] !== '<' || this.s.startsWith('</value', this.i)) {
      // an untyped value is a string (whitespace included)
      this.i = start;
      const t = this.text();
      this.close('value');
      return t;
    }
    const m = /^<([A-Za-z0-9.]+)\s*(\/?)>/.exec(this.s.slice(this.i, this.i + 20));
    if (!m) throw new RpcDecodeError(`Unexpected markup at ${this.i}.`);
    const type = m[1];
    const empty = m[2] === '/';
    this.i += m[0].length;
    let v: RpcValue;
    switch (type) {
      case 'string':
        v = empty ? '' : this.text();
        break;
      case 'int':
      case 'i4':
      case 'i8':
      case 'double': {
        const t = empty ? '' : this.text().trim();
        v = Number(t);
        if (t === '' || !Number.isFinite(v)) throw new RpcDecodeError(`Not a number: ${t.slice(0, 40)}`);
        break;
      }
      case 'boolean':
        v = !empty && this.text().trim() === '1';
        break;
      case 'nil':
        v = null;
        break;
      case 'dateTime.iso8601':
      case 'base64':
        v = empty ? '' : this.text().trim();
        break;
      case 'struct': {
        const struct: { [name: string]: RpcValue } = {};
        if (!empty) {
          while (this.peekOpen('member')) {
            this.open('member');
            this.open('name');
            const name = this.text();
            this.close('name');
            // defined, not assigned: a member named __proto__ is a member, not the struct's prototype
            Object.defineProperty(struct, name, { value: this.value(depth + 1), enumerable: true, writable: true, configurable: true });
            this.close('member');
          }
        }
        v = struct;
        break;
      }
      case 'array': {
        const items: RpcValue[] = [];
        if (!empty) {
          if (!this.open('data')) {
            while (this.peekOpen('value')) items.push(this.value(depth + 1));
            this.close('data');
          }
        }
        v = items;
        break;
      }
      default:
        throw new RpcDecodeError(`Unknown XML-RPC type <${type}>.`);
    }
    if (!empty) this.close(type);
    this.close('value');
    return v;
  }
}
