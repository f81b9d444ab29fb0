/**
 * The hand-written reader of a LAVA record line in its general form (records.ts tries the usual
 * record first, and gives this one what that misses):
 *
 *     - {"dt": "2023-06-01T05:24:00.060423", "lvl": "results", "msg": {"case": "x", "result": "pass"}}
 *
 * It reads double-quoted keys and strings with every YAML double-quote escape, nested flow
 * mappings / sequences, plain numbers / booleans / nulls, and the non-specific tag `! "10"`.
 * Whenever it meets anything else (plain keys, single quotes, anchors, `!!int` and other tags,
 * comments, duplicate keys, raw control characters...) it gives up (undefined) and records.ts asks
 * the `yaml` library: it never has to be complete, only exact on what it accepts: for every line
 * it accepts it returns the same value as `parse(line)[0]` from the `yaml` package (the parser
 * benchmark and test/unit/core/log/records*.test.ts compare them).
 *
 * One instance reads one line at a time (the cursor is its state): synchronous, not re-entrant.
 */

/**
 * Deepest nesting of flow collections either parser is given. LAVA's records are 2-4
 * deep; a deeper line is read by neither (this parser gives up, the `yaml` library
 * is not asked: it recurses until the stack overflows, ~0.3 s a line at 10,000 deep,
 * and V8 has been seen to abort the whole process after a few of those).
 */
export const MAX_DEPTH = 64;

/** Returned (as `undefined`) by every method that gives up. */
const BAIL = undefined;

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * The one-character escapes of a YAML double-quoted scalar, by the code of the character after
 * the backslash (`\n` → '\n', `\<TAB>` → TAB, `\N` → U+0085...). `\x`, `\u`, `\U` take hex
 * digits: HEX_ESCAPE_DIGITS. Any other character (an escaped line break too) is not an escape
 * this parser reads.
 */
const SIMPLE_ESCAPES: readonly (string | undefined)[] = (() => {
  const table: (string | undefined)[] = new Array<string | undefined>(128).fill(undefined);
  const pairs: [string, string][] = [
    ['"', '"'],
    ['\\', '\\'],
    ['n', '\n'],
    ['t', '\t'],
    ['\t', '\t'],
    ['r', '\r'],
    ['e', '\x1b'],
    ['0', '\0'],
    ['a', '\x07'],
    ['b', '\b'],
    ['f', '\f'],
    ['v', '\v'],
    [' ', ' '],
    ['/', '/'],
    ['N', '\u0085'],
    ['_', '\u00a0'],
    ['L', '\u2028'],
    ['P', '\u2029'],
  ];
  for (const [after, value] of pairs) table[after.charCodeAt(0)] = value;
  return table;
})();

/** How many hex digits follow `\x`, `\u` and `\U`, by the letter's code. */
const HEX_ESCAPE_DIGITS: ReadonlyMap<number, number> = new Map([
  [0x78, 2], // \xXX
  [0x75, 4], // \uXXXX
  [0x55, 8], // \UXXXXXXXX
]);

/**
 * A run of characters that stand for themselves inside a double-quoted scalar: anything but
 * the quote, the backslash and control characters other than TAB. Sticky: `test` from
 * `lastIndex` leaves `lastIndex` after the run (the regex engine scans faster than a loop).
 */
// eslint-disable-next-line no-control-regex -- control characters are where the run stops
const PLAIN_RUN = /[^"\\\x00-\x08\x0a-\x1f]*/y;

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

export class FlowRecordParser {
  /** The line being read ('' between lines, so no line is held after it was read). */
  private src = '';
  /** The cursor in `src`. */
  private pos = 0;
  /** Flow collections open around `pos`. */
  private depth = 0;

  /** `- {...}` on one line, or undefined when this parser does not read it. May throw only on a bug. */
  parse(line: string): Record<string, unknown> | undefined {
    if (line.charCodeAt(0) !== 0x2d) return BAIL; // '-'
    const sep = line.charCodeAt(1);
    if (sep !== 0x20 && sep !== 0x09) return BAIL;
    this.src = line;
    this.pos = 2;
    this.depth = 0;
    try {
      this.skipBlanks();
      if (this.src.charCodeAt(this.pos) !== 0x7b) return BAIL;
      const result = this.parseMapping();
      if (result === BAIL) return BAIL;
      this.skipBlanks();
      return this.pos === this.src.length ? result : BAIL; // else a trailing comment or garbage
    } finally {
      this.src = '';
    }
  }

  private skipBlanks(): void {
    const src = this.src;
    let pos = this.pos;
    let c = src.charCodeAt(pos);
    while (c === 0x20 || c === 0x09) c = src.charCodeAt(++pos);
    this.pos = pos;
  }

  /** `pos` is on the opening quote.  Leaves `pos` after the closing quote. */
  private parseDoubleQuoted(): string | undefined {
    const src = this.src;
    let i = this.pos + 1;
    let start = i;
    let out = '';
    const n = src.length;
    for (;;) {
      PLAIN_RUN.lastIndex = i;
      PLAIN_RUN.test(src);
      i = PLAIN_RUN.lastIndex;
      if (i >= n) return BAIL; // unterminated
      const c = src.charCodeAt(i);
      if (c === 0x22) {
        // closing quote
        this.pos = i + 1;
        return start === i ? out : out + src.slice(start, i);
      }
      if (c === 0x5c) {
        if (i > start) out += src.slice(start, i);
        const e = src.charCodeAt(i + 1);
        i += 2;
        const simple = SIMPLE_ESCAPES[e];
        if (simple !== undefined) out += simple;
        else {
          const len = HEX_ESCAPE_DIGITS.get(e);
          if (len === undefined) return BAIL; // invalid escape, escaped line break, end of input
          let code = 0;
          for (let k = 0; k < len; k++) {
            const h = hexValue(src.charCodeAt(i + k));
            if (h < 0) return BAIL;
            code = code * 16 + h;
          }
          if (code > 0x10ffff) return BAIL;
          out += String.fromCodePoint(code);
          i += len;
        }
        start = i;
        continue;
      }
      // Raw control characters (other than TAB) and line breaks: leave to yaml.
      if (c < 0x20 && c !== 0x09) return BAIL;
      i++;
    }
  }

  /**
   * A plain scalar in flow context, accepted only when it is an integer or a
   * simple float (at most 15 digits), or a core-schema boolean / null.
   */
  private parsePlain(): unknown {
    const src = this.src;
    const pos = this.pos;
    const n = src.length;
    let i = pos;
    for (; i < n; i++) {
      const c = src.charCodeAt(i);
      if (c === 0x2c || c === 0x7d || c === 0x5d) break; // , } ]
    }
    let end = i;
    while (end > pos && (src.charCodeAt(end - 1) === 0x20 || src.charCodeAt(end - 1) === 0x09)) end--;
    if (end === pos) return BAIL; // empty value: yaml gives null, leave it to yaml
    const tok = src.slice(pos, end);
    let value: unknown;
    switch (tok) {
      case 'true':
      case 'True':
      case 'TRUE':
        value = true;
        break;
      case 'false':
      case 'False':
      case 'FALSE':
        value = false;
        break;
      case 'null':
      case 'Null':
      case 'NULL':
      case '~':
        value = null;
        break;
      default: {
        // -?digits(.digits)?([eE][-+]?digits)?
        let k = 0;
        const m = tok.length;
        if (tok.charCodeAt(0) === 0x2d) k++;
        const intStart = k;
        while (k < m && isDigit(tok.charCodeAt(k))) k++;
        let digits = k - intStart;
        if (digits === 0) return BAIL;
        if (k < m && tok.charCodeAt(k) === 0x2e) {
          k++;
          const fracStart = k;
          while (k < m && isDigit(tok.charCodeAt(k))) k++;
          if (k === fracStart) return BAIL;
          digits += k - fracStart;
        }
        if (k < m && (tok.charCodeAt(k) === 0x65 || tok.charCodeAt(k) === 0x45)) {
          k++;
          if (k < m && (tok.charCodeAt(k) === 0x2b || tok.charCodeAt(k) === 0x2d)) k++;
          const expStart = k;
          while (k < m && isDigit(tok.charCodeAt(k))) k++;
          if (k === expStart || k - expStart > 3) return BAIL;
        }
        if (k !== m || digits > 15) return BAIL;
        value = Number(tok);
      }
    }
    this.pos = i;
    return value;
  }

  private parseValue(): unknown {
    this.skipBlanks();
    switch (this.src.charCodeAt(this.pos)) {
      case 0x22: // "
        return this.parseDoubleQuoted();
      case 0x7b: // {
        return this.parseMapping();
      case 0x5b: // [
        return this.parseSequence();
      case 0x21: {
        // !  -- only the non-specific tag `! "..."` (always a string)
        const next = this.src.charCodeAt(this.pos + 1);
        if (next !== 0x20 && next !== 0x09) return BAIL;
        this.pos++;
        this.skipBlanks();
        if (this.src.charCodeAt(this.pos) !== 0x22) return BAIL;
        return this.parseDoubleQuoted();
      }
      case 0x27: // '
      case 0x26: // &
      case 0x2a: // *
      case 0x7c: // |
      case 0x3e: // >
      case 0x23: // #
      case 0x40: // @
      case 0x60: // `
      case 0x25: // %
      case 0x3f: // ?
      case 0x2c: // ,
      case 0x7d: // }
      case 0x5d: // ]
      case 0x3a: // :
        return BAIL;
      default:
        if (this.pos >= this.src.length) return BAIL;
        return this.parsePlain();
    }
  }

  /** `pos` is on `{`. */
  private parseMapping(): Record<string, unknown> | undefined {
    if (++this.depth > MAX_DEPTH) return BAIL;
    const obj = this.parseMappingBody();
    this.depth--;
    return obj;
  }

  private parseMappingBody(): Record<string, unknown> | undefined {
    this.pos++;
    const obj: Record<string, unknown> = {};
    this.skipBlanks();
    if (this.src.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return obj;
    }
    for (;;) {
      if (this.src.charCodeAt(this.pos) !== 0x22) return BAIL; // only double-quoted keys
      const key = this.parseDoubleQuoted();
      if (key === BAIL || key === '__proto__' || hasOwn.call(obj, key)) return BAIL;
      this.skipBlanks();
      if (this.src.charCodeAt(this.pos) !== 0x3a) return BAIL; // ':'
      this.pos++;
      const value = this.parseValue();
      if (value === BAIL) return BAIL;
      obj[key] = value;
      this.skipBlanks();
      const c = this.src.charCodeAt(this.pos);
      if (c === 0x7d) {
        this.pos++;
        return obj;
      }
      if (c !== 0x2c) return BAIL;
      this.pos++;
      this.skipBlanks();
      if (this.src.charCodeAt(this.pos) === 0x7d) {
        // trailing comma, as yaml allows
        this.pos++;
        return obj;
      }
    }
  }

  /** `pos` is on `[`. */
  private parseSequence(): unknown[] | undefined {
    if (++this.depth > MAX_DEPTH) return BAIL;
    const arr = this.parseSequenceBody();
    this.depth--;
    return arr;
  }

  private parseSequenceBody(): unknown[] | undefined {
    this.pos++;
    const arr: unknown[] = [];
    this.skipBlanks();
    if (this.src.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return arr;
    }
    for (;;) {
      const value = this.parseValue();
      if (value === BAIL) return BAIL;
      arr.push(value);
      this.skipBlanks();
      const c = this.src.charCodeAt(this.pos);
      if (c === 0x5d) {
        this.pos++;
        return arr;
      }
      if (c !== 0x2c) return BAIL; // includes `"k": v` pairs inside a sequence
      this.pos++;
      this.skipBlanks();
      if (this.src.charCodeAt(this.pos) === 0x5d) {
        this.pos++;
        return arr;
      }
    }
  }
}
