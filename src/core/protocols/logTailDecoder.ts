// core/protocols — an incremental decoder for one log-tail answer, {"is_finished", "new_size", "content"},
// reading its bytes as they arrive and passing the content on as text without ever holding the body.
import { LavaError } from '../net/errors';

/** What a log-tail answer says besides its content. */
export interface LogTailFields {
  isFinished: boolean;
  newSize: number;
}

export interface LogTailDecoderLimits {
  /** Bytes of the body outside the content string: keys, other values, whitespace (default 64 kB). */
  maxOtherBytes?: number;
  /** Bytes of one value other than content, e.g. an unknown key's (default 1 kB). */
  maxValueBytes?: number;
  /** Bytes of one key (default 256). */
  maxKeyBytes?: number;
  /** Nesting of an unknown key's value (default 16). */
  maxDepth?: number;
}

/**
 * Receives the content string as it is decoded: complete characters only (a UTF-8
 * character or a surrogate pair split between two pieces of the body is held until
 * it is whole), with the length of that text in UTF-8 bytes.
 */
export type ContentSink = (text: string, bytes: number) => void;

const enum S {
  BeforeObject,
  BeforeKeyOrEnd,
  BeforeKey,
  InKey,
  BeforeColon,
  BeforeValue,
  InContent,
  Collect,
  AfterValue,
  Done,
}

const enum Collected {
  More, // the value goes on
  With, // the value ended with this byte (a closing quote or bracket)
  Before, // the value ended before this byte (a scalar followed by ',', '}' or a space)
}

const enum Esc {
  None, // not in an escape
  Backslash, // after '\'
  Hex, // inside \uXXXX
}

/** A body that is not JSON from its first byte: thrown inside decode(), caught by push(). */
const NOT_JSON = new Error('not JSON');
/** How much of the body's beginning is kept for messages. */
const PREVIEW_BYTES = 120;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** 2^53 - 1: the largest byte offset that is exact as a number. */
const MAX_OFFSET = Number.MAX_SAFE_INTEGER;

/**
 * Decodes one log-tail answer piece by piece (`push`, then `end`). Only this object's
 * shape is accepted; anything else is a LavaError('bad-response') saying what came
 * back. `content` is never held whole: each `push` hands what it decoded to `onContent`.
 * Every other part of the body is bounded (see LogTailDecoderLimits).
 */
export class LogTailDecoder {
  private state = S.BeforeObject;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly limits: Required<LogTailDecoderLimits>;
  /** Bytes of the body read so far. */
  private position = 0;
  private otherBytes = 0;
  /** The body's first bytes, for messages. */
  private readonly preview: number[] = [];

  /** The body turned out not to be JSON; its first bytes are still being read for the message. */
  private failed = false;
  private key = '';
  private readonly seen = new Set<string>();
  private isFinished?: boolean;
  private newSizeValue?: number;
  private contentBytes = 0;

  // A value (or key) being collected: its bytes, nesting, and whether inside a string.
  private collected: number[] = [];
  private depth = 0;
  private inString = false;
  private stringEscape = false;

  // The content string's decoding state.
  private esc = Esc.None;
  private hex = 0;
  private hexDigits = 0;
  /** A high surrogate (\uD8xx) waiting for its low half. */
  private highSurrogate = -1;
  /**
   * The content's UTF-8 bytes, unescaped, of the current push (decoded once at its end):
   * raw bytes are copied, escapes written as the UTF-8 of their character.
   */
  private out = new Uint8Array(0);
  private outLength = 0;
  /** The first bytes of a UTF-8 character whose other bytes are in the next piece. */
  private carry: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly onContent: ContentSink,
    /** Who answered, for messages: "The log-tail answer from https://host". */
    private readonly what = 'The log-tail answer',
    limits: LogTailDecoderLimits = {},
    /** Called as soon as new_size has been read (before the content, in the server's key order). */
    private readonly onNewSize?: (newSize: number) => void,
  ) {
    this.limits = {
      maxOtherBytes: limits.maxOtherBytes ?? 64 * 1024,
      maxValueBytes: limits.maxValueBytes ?? 1024,
      maxKeyBytes: limits.maxKeyBytes ?? 256,
      maxDepth: limits.maxDepth ?? 16,
    };
  }

  /** new_size, once read. */
  get newSize(): number | undefined {
    return this.newSizeValue;
  }

  /** The closing brace has been read (only whitespace may follow). */
  get complete(): boolean {
    return this.state === S.Done;
  }

  /** Decodes the next piece of the body. */
  push(chunk: Uint8Array): void {
    if (this.preview.length < PREVIEW_BYTES)
      for (let k = 0; k < chunk.length && this.preview.length < PREVIEW_BYTES; k++) this.preview.push(chunk[k]);
    if (this.failed) {
      // Not JSON: read a little more of it to say what it is.
      if (this.preview.length >= PREVIEW_BYTES) throw this.notJson();
      return;
    }
    try {
      this.decode(chunk);
    } catch (err) {
      if (err !== NOT_JSON) throw err;
      this.failed = true;
      if (this.preview.length >= PREVIEW_BYTES) throw this.notJson();
    }
  }

  private decode(chunk: Uint8Array): void {
    // Unescaping never makes the content longer: room for the piece and a carried character.
    if (this.out.length < chunk.length + 4) this.out = new Uint8Array(Math.max(chunk.length + 4, 2 * this.out.length));
    this.out.set(this.carry, 0);
    this.outLength = this.carry.length;
    this.carry = new Uint8Array(0);
    const n = chunk.length;
    let i = 0;
    const startState = this.state;
    let otherStart = startState === S.InContent ? -1 : 0;
    while (i < n) {
      if (this.state === S.InContent) {
        if (otherStart >= 0) {
          this.countOther(i - otherStart);
          otherStart = -1;
        }
        i = this.content(chunk, i);
        if (this.state !== S.InContent) otherStart = i;
        continue;
      }
      const b = chunk[i];
      switch (this.state) {
        case S.BeforeObject:
          if (isSpace(b)) break;
          if (b !== 0x7b) throw NOT_JSON;
          this.state = S.BeforeKeyOrEnd;
          break;
        case S.BeforeKeyOrEnd:
        case S.BeforeKey:
          if (isSpace(b)) break;
          if (b === 0x7d && this.state === S.BeforeKeyOrEnd) {
            this.state = S.Done;
            break;
          }
          if (b !== QUOTE) throw this.notJson();
          this.startCollect();
          this.inString = true;
          this.collected.push(b);
          this.state = S.InKey;
          break;
        case S.InKey:
          this.collected.push(b);
          if (this.collected.length > this.limits.maxKeyBytes) throw this.bad(`has a key longer than ${this.limits.maxKeyBytes} bytes`);
          if (this.stringByte(b)) {
            const key = this.parseCollected();
            if (typeof key !== 'string') throw this.notJson();
            if (this.seen.has(key)) throw this.bad(`has "${clip(key)}" twice`);
            this.seen.add(key);
            this.key = key;
            this.state = S.BeforeColon;
          }
          break;
        case S.BeforeColon:
          if (isSpace(b)) break;
          if (b !== 0x3a) throw this.notJson();
          this.state = S.BeforeValue;
          break;
        case S.BeforeValue:
          if (isSpace(b)) break;
          if (this.key === 'content' && b === QUOTE) {
            this.state = S.InContent;
            i++;
            continue;
          }
          this.startCollect();
          this.state = S.Collect;
          continue; // the byte is the value's first
        case S.Collect: {
          const step = this.collectByte(b);
          if (step === Collected.More) break;
          this.endValue();
          this.state = S.AfterValue;
          if (step === Collected.Before) continue; // a scalar ends at the byte after it: look at that byte again
          break;
        }
        case S.AfterValue:
          if (isSpace(b)) break;
          if (b === 0x2c) this.state = S.BeforeKey;
          else if (b === 0x7d) this.state = S.Done;
          else throw this.notJson();
          break;
        case S.Done:
          if (!isSpace(b)) throw this.bad(`has more after its end: ${this.previewText()}`);
          break;
      }
      i++;
    }
    if (otherStart >= 0) this.countOther(n - otherStart);
    this.emit();
  }

  /** The body has ended: its fields, or a bad-response error when it is cut or lacks one. */
  end(): LogTailFields & { contentBytes: number } {
    if (this.failed) throw this.notJson();
    if (this.state !== S.Done) {
      if (this.position === 0) throw this.bad('is empty');
      throw this.bad(`was cut off after ${this.position} bytes: ${this.previewText()}`);
    }
    if (this.isFinished === undefined) throw this.bad(`has no is_finished: ${this.previewText()}`);
    if (this.newSizeValue === undefined) throw this.bad(`has no new_size: ${this.previewText()}`);
    if (!this.seen.has('content')) throw this.bad(`has no content: ${this.previewText()}`);
    return { isFinished: this.isFinished, newSize: this.newSizeValue, contentBytes: this.contentBytes };
  }

  // ---- content ----

  /** Decodes content bytes from `i`; returns where it stopped (the end of the chunk, or after the closing quote). */
  private content(buf: Uint8Array, i: number): number {
    const n = buf.length;
    const out = this.out;
    while (i < n) {
      if (this.esc !== Esc.None) {
        i = this.escape(buf, i);
        continue;
      }
      // A run of plain bytes up to a quote, a backslash, a control character or the end of the piece.
      const runStart = i;
      i = copyPlain(buf, i, n, out, this.outLength);
      if (i > runStart) {
        if (this.highSurrogate >= 0) throw this.loneSurrogate();
        this.outLength += i - runStart;
        this.position += i - runStart;
      }
      if (i === n) return i;
      const b = buf[i];
      if (b < 0x20) throw this.bad('has a control character inside its content string (not JSON)');
      if (b === QUOTE) {
        if (this.highSurrogate >= 0) throw this.loneSurrogate();
        this.position++;
        this.state = S.AfterValue;
        return i + 1;
      }
      // A backslash: a whole escape in this piece is read here, one cut by its end step by step.
      const c = i + 1 < n ? buf[i + 1] : -1;
      if (c >= 0 && c !== 0x75 && this.highSurrogate < 0) {
        const simple = SIMPLE_ESCAPES[c];
        if (simple >= 0) {
          out[this.outLength++] = simple;
          this.position += 2;
          i += 2;
          continue;
        }
      } else if (c === 0x75 && i + 5 < n) {
        const u = (hexValue(buf[i + 2]) << 12) | (hexValue(buf[i + 3]) << 8) | (hexValue(buf[i + 4]) << 4) | hexValue(buf[i + 5]);
        if (u >= 0) {
          this.codeUnit(u);
          this.position += 6;
          i += 6;
          continue;
        }
      }
      this.position++;
      i++;
      this.esc = Esc.Backslash;
    }
    return i;
  }

  private escape(buf: Uint8Array, i: number): number {
    const n = buf.length;
    if (this.esc === Esc.Backslash) {
      const b = buf[i++];
      this.position++;
      if (b === 0x75) {
        this.esc = Esc.Hex;
        this.hex = 0;
        this.hexDigits = 0;
        return i;
      }
      if (this.highSurrogate >= 0) throw this.loneSurrogate();
      const c = SIMPLE_ESCAPES[b];
      if (c < 0) throw this.bad(`has an invalid escape \\${String.fromCharCode(b)} in its content string (not JSON)`);
      this.esc = Esc.None;
      this.out[this.outLength++] = c;
      return i;
    }
    while (i < n && this.hexDigits < 4) {
      const d = hexValue(buf[i]);
      if (d < 0) throw this.bad('has an invalid \\u escape in its content string (not JSON)');
      this.hex = this.hex * 16 + d;
      this.hexDigits++;
      this.position++;
      i++;
    }
    if (this.hexDigits < 4) return i;
    this.esc = Esc.None;
    this.codeUnit(this.hex);
    return i;
  }

  /** One UTF-16 code unit of a \\u escape. */
  private codeUnit(u: number): void {
    if (this.highSurrogate >= 0) {
      if (u < 0xdc00 || u > 0xdfff) throw this.loneSurrogate();
      this.writeUtf8(0x10000 + ((this.highSurrogate - 0xd800) << 10) + (u - 0xdc00));
      this.highSurrogate = -1;
    } else if (u >= 0xd800 && u <= 0xdbff) {
      this.highSurrogate = u;
    } else if (u >= 0xdc00 && u <= 0xdfff) {
      throw this.loneSurrogate();
    } else {
      this.writeUtf8(u);
    }
  }

  private writeUtf8(cp: number): void {
    const out = this.out;
    let o = this.outLength;
    if (cp < 0x80) out[o++] = cp;
    else if (cp < 0x800) {
      out[o++] = 0xc0 | (cp >> 6);
      out[o++] = 0x80 | (cp & 0x3f);
    } else if (cp < 0x10000) {
      out[o++] = 0xe0 | (cp >> 12);
      out[o++] = 0x80 | ((cp >> 6) & 0x3f);
      out[o++] = 0x80 | (cp & 0x3f);
    } else {
      out[o++] = 0xf0 | (cp >> 18);
      out[o++] = 0x80 | ((cp >> 12) & 0x3f);
      out[o++] = 0x80 | ((cp >> 6) & 0x3f);
      out[o++] = 0x80 | (cp & 0x3f);
    }
    this.outLength = o;
  }

  /** Hands over what this push decoded: complete characters; an incomplete last one waits for the next push. */
  private emit(): void {
    let end = this.outLength;
    if (this.state === S.InContent) {
      end = incompleteTail(this.out, 0, end);
      this.carry = this.out.slice(end, this.outLength);
    }
    if (end === 0) return;
    let text: string;
    try {
      text = this.utf8.decode(this.out.subarray(0, end));
    } catch {
      throw this.bad('has a content string that is not UTF-8');
    }
    this.outLength = 0;
    this.contentBytes += end;
    this.onContent(text, end);
  }

  // ---- other values ----

  private startCollect(): void {
    this.collected = [];
    this.depth = 0;
    this.inString = false;
    this.stringEscape = false;
  }

  /** Inside a string being collected: true when `b` is its closing quote. */
  private stringByte(b: number): boolean {
    if (this.stringEscape) {
      this.stringEscape = false;
      return false;
    }
    if (b === BACKSLASH) {
      this.stringEscape = true;
      return false;
    }
    if (b === QUOTE) {
      this.inString = false;
      return true;
    }
    return false;
  }

  /** Adds a byte of a value, or says that the value ended with it or before it. */
  private collectByte(b: number): Collected {
    if (this.inString) {
      this.push1(b);
      return this.stringByte(b) && this.depth === 0 ? Collected.With : Collected.More;
    }
    if (b === QUOTE) {
      this.push1(b);
      this.inString = true;
      return Collected.More;
    }
    if (b === 0x7b || b === 0x5b) {
      if (++this.depth > this.limits.maxDepth) throw this.bad(`nests values deeper than ${this.limits.maxDepth}`);
      this.push1(b);
      return Collected.More;
    }
    if (b === 0x7d || b === 0x5d) {
      if (this.depth === 0) return Collected.Before; // the object's end, after a scalar
      this.push1(b);
      return --this.depth === 0 ? Collected.With : Collected.More;
    }
    if (this.depth === 0 && (b === 0x2c || isSpace(b))) return Collected.Before;
    this.push1(b);
    return Collected.More;
  }

  private push1(b: number): void {
    this.collected.push(b);
    if (this.collected.length > this.limits.maxValueBytes) {
      throw this.bad(`has a value of "${clip(this.key)}" longer than ${this.limits.maxValueBytes} bytes`);
    }
  }

  private parseCollected(): unknown {
    let text: string;
    try {
      text = this.utf8.decode(Uint8Array.from(this.collected));
      return JSON.parse(text) as unknown;
    } catch {
      throw this.notJson();
    }
  }

  /** A value has been read completely. */
  private endValue(): void {
    const value = this.parseCollected();
    const raw = new TextDecoder().decode(Uint8Array.from(this.collected));
    const shown = clip(raw);
    switch (this.key) {
      case 'is_finished':
        if (typeof value !== 'boolean') throw this.bad(`has is_finished ${shown}, not true or false`);
        this.isFinished = value;
        break;
      case 'new_size':
        if (typeof value !== 'number') throw this.bad(`has new_size ${shown}, not a number`);
        if (!/^(0|[1-9][0-9]*)$/.test(raw)) {
          throw this.bad(`has new_size ${shown}, not a byte offset (a whole number from 0)`);
        }
        if (value > MAX_OFFSET) throw this.bad(`has new_size ${shown}, larger than any log`);
        this.newSizeValue = value;
        this.onNewSize?.(value);
        break;
      case 'content':
        throw this.bad(`has content ${shown}, not a string`);
      default:
        break; // an unknown key: skipped
    }
  }

  private countOther(bytes: number): void {
    this.position += bytes;
    this.otherBytes += bytes;
    if (this.otherBytes > this.limits.maxOtherBytes) {
      throw this.bad(`has more than ${Math.round(this.limits.maxOtherBytes / 1024)} kB besides its content: ${this.previewText()}`);
    }
  }

  // ---- messages ----

  private previewText(): string {
    const text = new TextDecoder().decode(Uint8Array.from(this.preview));
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat || '(empty)';
  }

  /** The body is not the object: the error says so with its first bytes. */
  private notJson(): LavaError {
    return this.bad(`is not a log-tail JSON object: ${this.previewText()}`);
  }

  private loneSurrogate(): LavaError {
    return this.bad('has half a UTF-16 surrogate pair in its content (not text of a log)');
  }

  private bad(what: string): LavaError {
    return new LavaError('bad-response', `${this.what} ${what}`);
  }

  /** The body's first bytes as text (for a caller's own check, e.g. an HTML page). */
  get bodyStart(): string {
    return new TextDecoder().decode(Uint8Array.from(this.preview));
  }
}

/** The byte each one-letter escape stands for (\\" \\\\ \\/ \\b \\f \\n \\r \\t), -1 for the others. */
const SIMPLE_ESCAPES = new Int16Array(256).fill(-1);
for (const [letter, byte] of [
  ['"', 0x22],
  ['\\', 0x5c],
  ['/', 0x2f],
  ['b', 0x08],
  ['f', 0x0c],
  ['n', 0x0a],
  ['r', 0x0d],
  ['t', 0x09],
] as const) {
  SIMPLE_ESCAPES[letter.charCodeAt(0)] = byte;
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/**
 * Copies the run of plain string bytes at buf[i] to out[o] (up to the first quote, backslash or
 * control character, or n) and returns where it ended.
 */
function copyPlain(buf: Uint8Array, i: number, n: number, out: Uint8Array, o: number): number {
  for (; i < n; i++) {
    const b = buf[i];
    if (b < 0x20 || b === QUOTE || b === BACKSLASH) return i;
    out[o++] = b;
  }
  return n;
}

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  return -1;
}

/** The length of the UTF-8 sequence a lead byte begins (1 for anything that is not a lead byte of 2-4). */
function utf8Length(lead: number): number {
  return (lead & 0xe0) === 0xc0 ? 2 : (lead & 0xf0) === 0xe0 ? 3 : (lead & 0xf8) === 0xf0 ? 4 : 1;
}

/**
 * Where the incomplete UTF-8 character at the end of buf[from, to) begins, or `to`
 * when the bytes end on a character boundary (invalid bytes are left to the decoder).
 */
function incompleteTail(buf: Uint8Array, from: number, to: number): number {
  for (let k = to - 1; k >= from && k >= to - 3; k--) {
    const b = buf[k];
    if ((b & 0xc0) === 0x80) continue;
    return k + utf8Length(b) > to ? k : to;
  }
  return to;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
