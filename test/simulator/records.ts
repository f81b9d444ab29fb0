// Reading output.yaml entries: a minimal parser for the one-line flow mappings
// LAVA writes (`- {"dt": ..., "lvl": ..., "msg": ...}`), and the test cases that
// LAVA derives from `lvl: results` entries.

export type Yaml = string | number | boolean | null | Yaml[] | { [k: string]: Yaml };

export interface LogRecord {
  dt?: string;
  lvl?: string;
  msg?: Yaml;
  [k: string]: Yaml | undefined;
}

const DQ_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};
const HEX_LEN: Record<string, number> = { x: 2, u: 4, U: 8 };

class FlowParser {
  private i = 0;
  constructor(private readonly s: string) {}

  parseDocument(): Yaml {
    const v = this.value();
    this.ws();
    if (this.i !== this.s.length) this.fail('trailing text');
    return v;
  }

  private fail(what: string): never {
    throw new Error(`flow YAML: ${what} at ${this.i}: ${this.s.slice(this.i, this.i + 30)}`);
  }

  private ws(): void {
    while (this.s[this.i] === ' ' || this.s[this.i] === '\t') this.i++;
  }

  private value(): Yaml {
    this.ws();
    const c = this.s[this.i];
    if (c === '!') {
      // A tag.  LAVA writes `! "1031595"` for numbers; its loader reads them as numbers.
      const start = this.i;
      while (this.i < this.s.length && this.s[this.i] !== ' ') this.i++;
      const tag = this.s.slice(start, this.i);
      const v = this.value();
      return tag === '!' && typeof v === 'string' && /^[-+]?\d+$/.test(v) ? Number(v) : v;
    }
    if (c === '{') return this.mapping();
    if (c === '[') return this.sequence();
    if (c === '"') return this.doubleQuoted();
    if (c === "'") return this.singleQuoted();
    return this.plain();
  }

  private mapping(): { [k: string]: Yaml } {
    const out: { [k: string]: Yaml } = {};
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      const key = String(this.value());
      this.ws();
      if (this.s[this.i] !== ':') this.fail('expected ":"');
      this.i++;
      out[key] = this.value();
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return out;
      if (c !== ',') this.fail('expected "," or "}"');
    }
  }

  private sequence(): Yaml[] {
    const out: Yaml[] = [];
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return out;
      if (c !== ',') this.fail('expected "," or "]"');
    }
  }

  private doubleQuoted(): string {
    let out = '';
    this.i++;
    for (;;) {
      const c = this.s[this.i++];
      if (c === undefined) this.fail('unterminated string');
      if (c === '"') return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s[this.i++];
      if (e in HEX_LEN) {
        const hex = this.s.slice(this.i, this.i + HEX_LEN[e]);
        this.i += HEX_LEN[e];
        out += String.fromCodePoint(parseInt(hex, 16));
      } else if (e in DQ_ESCAPES) {
        out += DQ_ESCAPES[e];
      } else {
        this.fail(`bad escape \\${e}`);
      }
    }
  }

  private singleQuoted(): string {
    let out = '';
    this.i++;
    for (;;) {
      const c = this.s[this.i++];
      if (c === undefined) this.fail('unterminated string');
      if (c === "'") {
        if (this.s[this.i] !== "'") return out;
        this.i++;
      }
      out += c;
    }
  }

  private plain(): Yaml {
    const start = this.i;
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === ',' || c === '}' || c === ']' || (c === ':' && (this.s[this.i + 1] === ' ' || this.s[this.i + 1] === undefined))) break;
      this.i++;
    }
    const text = this.s.slice(start, this.i).trim();
    if (text === '' || text === '~' || text === 'null') return null;
    if (text === 'true') return true;
    if (text === 'false') return false;
    if (/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text)) return Number(text);
    return text;
  }
}

/** Parses one output.yaml line (`- {...}`). */
export function parseRecord(line: string): LogRecord {
  if (!line.startsWith('- ')) throw new Error(`not a log entry: ${line.slice(0, 40)}`);
  const v = new FlowParser(line.slice(2)).parseDocument();
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('log entry is not a mapping');
  return v as LogRecord;
}

/** A scalar as PyYAML's safe_dump writes it in block style (quoting what would not read back as a string). */
function yamlScalar(v: Yaml): string {
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v !== 'string') return JSON.stringify(v);
  const needsQuotes =
    v === '' ||
    /^[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(v) ||
    /^(~|null|true|false|yes|no|on|off|y|n)$/i.test(v) ||
    /^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(v) ||
    /(: | #|\s$|\n)/.test(v);
  return needsQuotes ? `'${v.replace(/'/g, "''")}'` : v;
}

export interface ResultEntry {
  /** Index of the log line (0-based). */
  line: number;
  definition: string;
  name: string;
  result: string;
  unit: string;
  measurement: string | null;
  /** The YAML metadata text LAVA stores (keys sorted, `extra` replaced by a file path). */
  metadata: string;
}

/** The test case of a `lvl: results` line, or undefined for other lines. */
export function resultEntry(line: string, index: number, metadataDir: string): ResultEntry | undefined {
  if (!line.includes('"lvl": "results"')) return undefined;
  let rec: LogRecord;
  try {
    rec = parseRecord(line);
  } catch {
    return undefined;
  }
  const msg = rec.msg;
  if (rec.lvl !== 'results' || msg === null || typeof msg !== 'object' || Array.isArray(msg)) return undefined;
  const definition = String(msg.definition ?? 'lava');
  const name = String(msg.case ?? '');
  const meta: Record<string, Yaml> = { ...msg };
  if ('extra' in meta) meta.extra = `${metadataDir}/${definition}-${name}-${String(msg.level ?? '')}.yaml`;
  const metadata = Object.keys(meta)
    .sort()
    .map((k) => `${k}: ${yamlScalar(meta[k])}\n`)
    .join('');
  let unit = '';
  let measurement: string | null = null;
  if (definition === 'lava' && msg.duration !== undefined) {
    unit = 'seconds';
    measurement = Number(msg.duration).toFixed(10);
  } else if (msg.measurement !== undefined && msg.measurement !== null) {
    unit = String(msg.units ?? '');
    measurement = Number(msg.measurement).toFixed(10);
  }
  return { line: index, definition, name, result: String(msg.result ?? 'unknown'), unit, measurement, metadata };
}
