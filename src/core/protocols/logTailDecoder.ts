/// <reference lib="es2024.string" />
/**
 * An incremental decoder for one log-tail answer, `{"is_finished", "new_size", "content"}`, reading
 * its bytes as they arrive and passing the content on as text without ever holding the body.
 *
 * Why it exists: a log-tail answer carries the log from the requested offset to its end in one
 * JSON string: the first request for a finished job is the whole log (100 MB and more). With
 * `JSON.parse` the body would be held whole, then the string, then the text: three copies of the
 * log at once. This decoder hands over the content in pieces as they come (logTailSource.ts),
 * so memory does not grow with the log.
 *
 * What backs it: the benchmark rows `memory | log-tail: ours, 100.0 MB log` (peak heap+external
 * growth 7.8 MB, RSS growth 20.5 MB; RSS 100 MB ÷ 10 MB: 1.0×) and `throughput | log-tail: ours,
 * the client's own CPU time` (1.96× a plain download of the same bytes), bench/README.md.
 *
 * How it is tested: test/unit/core/protocols/logTailDecoder.test.ts decodes answers split at
 * every position (in two, in three, byte by byte), cut off anywhere, not the protocol, not UTF-8,
 * over its limits, and a large content without holding it; the follower's log-tail tests
 * (test/unit/core/follow/follower.logTail.test.ts) run it over real HTTP against the simulator.
 */
import { isAscii } from 'buffer';
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
  /**
   * Bytes cut off the end of the previous piece: an escape it split (a backslash and up to 4
   * more) or the first bytes of a UTF-8 character whose others are in this piece.
   */
  private carry: Uint8Array = EMPTY;
  /** A high surrogate (from \uD8xx) waiting for its low half in the next piece. */
  private highSurrogate = '';
  /** What this push decoded, handed over at its end, and its length in UTF-8 bytes. */
  private decoded = '';
  private decodedBytes = 0;
  /** Where a run of the content is put between quotes for JSON.parse. */
  private scratch: Buffer = Buffer.alloc(0);

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

  /**
   * Decodes content bytes from `i`: up to the closing quote, or up to the end of the piece less
   * an escape or a UTF-8 character it cuts (kept for the next piece). Each run is decoded as
   * UTF-8 and unescaped by the engine's own JSON.parse of it as a JSON string, which also refuses
   * raw control characters and invalid escapes. Returns where it stopped in `buf`.
   */
  private content(buf: Uint8Array, i: number): number {
    const carried = this.carry.length;
    const data = carried ? concatBytes(this.carry, buf.subarray(i)) : buf;
    const from = carried ? 0 : i;
    this.carry = EMPTY;
    const close = closingQuote(data, from);
    let stop = close;
    if (close < 0) {
      stop = escapeCut(data, from);
      if (stop === data.length) stop = incompleteTail(data, from, stop);
    }
    this.unescape(data.subarray(from, stop), close >= 0);
    // data[d] is buf[d + base].
    const base = carried ? i - carried : 0;
    if (close < 0) {
      this.carry = data.slice(stop);
      this.position += buf.length - i;
      return buf.length;
    }
    this.state = S.AfterValue;
    const next = close + 1 + base;
    this.position += next - i;
    return next;
  }

  /** One run of the content string's bytes, whole characters and escapes only; `last` when the string ends after it. */
  private unescape(bytes: Uint8Array, last: boolean): void {
    // The run between quotes, in one flat string for JSON.parse (a `"${raw}"` would be a rope that
    // JSON.parse flattens: one more copy of the text).
    const n = bytes.byteLength;
    const quoted = this.quotedScratch(n);
    quoted.set(bytes, 1);
    quoted[n + 1] = QUOTE;
    let json: string;
    if (isAscii(bytes)) json = quoted.toString('latin1', 0, n + 2);
    else {
      try {
        json = this.utf8.decode(quoted.subarray(0, n + 2));
      } catch {
        throw this.bad('has a content string that is not UTF-8');
      }
    }
    let text: string;
    try {
      text = JSON.parse(json) as string;
    } catch {
      throw this.contentError(json.slice(1, -1));
    }
    // Every escape but \u is one ASCII character written as two: the text has (raw characters −
    // text characters) fewer UTF-8 bytes than the run, plus what \u escapes add (no byteLength scan).
    const escaped = unicodeEscapes(json);
    if (escaped >= 0 && this.highSurrogate === '') {
      this.decoded += text;
      this.decodedBytes += n - (json.length - 2 - text.length) + escaped;
      return;
    }
    // JSON.parse takes a lone surrogate escape; the log is text: only whole pairs, a high half
    // at the end of the piece waiting for its low half in the next.
    text = this.highSurrogate + text;
    this.highSurrogate = '';
    if (!text.isWellFormed()) {
      const end = text.length - 1;
      const high = text.charCodeAt(end) >= 0xd800 && text.charCodeAt(end) <= 0xdbff;
      if (last || !high || !text.slice(0, end).isWellFormed()) throw this.loneSurrogate();
      this.highSurrogate = text.slice(end);
      text = text.slice(0, end);
    }
    this.decoded += text;
    this.decodedBytes += Buffer.byteLength(text, 'utf8');
  }

  /** A buffer of at least n + 2 bytes beginning with a quote, reused from run to run. */
  private quotedScratch(n: number): Buffer {
    if (this.scratch.length < n + 2) {
      this.scratch = Buffer.allocUnsafe(Math.max(n + 2, 2 * this.scratch.length));
      this.scratch[0] = QUOTE;
    }
    return this.scratch;
  }

  /** Why JSON.parse refused a run of the content string. */
  private contentError(raw: string): LavaError {
    if (hasControl(raw)) return this.bad('has a control character inside its content string (not JSON)');
    const escapes = raw.replace(/\\\\/g, ''); // an escaped backslash begins no escape
    if (/\\u(?![0-9a-fA-F]{4})/.test(escapes)) return this.bad('has an invalid \\u escape in its content string (not JSON)');
    const escape = /\\([^"\\/bfnrtu])/.exec(escapes);
    if (escape) return this.bad(`has an invalid escape \\${escape[1]} in its content string (not JSON)`);
    return this.notJson();
  }

  /** Hands over what this push decoded: complete characters; an incomplete last one waits for the next push. */
  private emit(): void {
    const text = this.decoded;
    if (!text) return;
    const bytes = this.decodedBytes;
    this.decoded = '';
    this.decodedBytes = 0;
    this.contentBytes += bytes;
    this.onContent(text, bytes);
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

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

const EMPTY = new Uint8Array(0);

/**
 * What the \u escapes of valid JSON string text (between its quotes) add to its UTF-8 length
 * beyond one byte each, or -1 when one of them is half a surrogate pair (JSON.parse lets a
 * lone one through: the caller checks the text itself).
 */
function unicodeEscapes(json: string): number {
  let extra = 0;
  for (let k = json.indexOf('\\u'); k >= 0; k = json.indexOf('\\u', k + 2)) {
    let before = k - 1;
    while (json.charCodeAt(before) === BACKSLASH) before--;
    if ((k - 1 - before) % 2 === 1) continue; // an escaped backslash followed by a "u"
    const code = parseInt(json.slice(k + 2, k + 6), 16);
    if (code >= 0xd800 && code <= 0xdfff) return -1;
    extra += code < 0x80 ? 0 : code < 0x800 ? 1 : 2;
  }
  return extra;
}

/** Where the content string closes in data[from..]: the first quote after an even run of backslashes, or -1. */
function closingQuote(bytes: Uint8Array, from: number): number {
  // Buffer's indexOf is the engine's memchr; a Uint8Array's is several times slower.
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let q = data.indexOf(QUOTE, from); q >= 0; q = data.indexOf(QUOTE, q + 1)) {
    let k = q - 1;
    while (k >= from && data[k] === BACKSLASH) k--;
    if ((q - 1 - k) % 2 === 0) return q;
  }
  return -1;
}

/**
 * Where to cut data[from..] so that no escape is split: before the last escape when the
 * piece ends inside it (a backslash, or \u with fewer than 4 digits), else at its end.
 * `from` is at an escape's boundary.
 */
function escapeCut(data: Uint8Array, from: number): number {
  const end = data.length;
  const lo = Math.max(from, end - 6);
  let p = end - 1;
  while (p >= lo && data[p] !== BACKSLASH) p--;
  if (p < lo) return end;
  let k = p - 1;
  while (k >= from && data[k] === BACKSLASH) k--;
  if ((p - 1 - k) % 2 === 1) return end; // the second backslash of an escaped backslash: a whole escape
  const length = p + 1 < end && data[p + 1] === 0x75 ? 6 : 2;
  return p + length > end ? p : end;
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

function hasControl(raw: string): boolean {
  for (let k = 0; k < raw.length; k++) if (raw.charCodeAt(k) < 0x20) return true;
  return false;
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
