import { Clock } from '../util/clock';
import { LavaError } from '../net/errors';
import { Credentials, FetchFn, HTML_ANSWER, httpOpen, isHtml } from '../net/http';
import { originOf } from '../net/urls';
import { Deliver, LogBatch, LogSource } from '../follow/logSource';
import { LogTailDecoder, LogTailFields } from './logTailDecoder';

export interface LogTailOptions {
  fetch: FetchFn;
  /** Base URL of the server, e.g. `https://lava.example.org`. */
  serverUrl: string;
  jobId: string;
  timeoutMs: number;
  credentials?: Credentials;
  /** Content held back at most in one answer (default HOLD_LIMIT_BYTES). */
  holdLimitBytes?: number;
  /** Size of the pieces handed over while an answer streams in (default PIECE_CHARS). */
  pieceChars?: number;
  /** The time each request's silence timeout and overall deadline count (default: the system's). */
  clock?: Clock;
}

/** Text is handed over in pieces of at least this many characters while an answer streams in (and the rest at its end). */
export const PIECE_CHARS = 32 * 1024;
/**
 * The most content held back from the channel in one answer: an answer to `start` > 0
 * (until it is known whether it starts at `start` or, from a proxy that ignores
 * `start`, at 0), or what follows a U+FFFD (until it is known whether it is in the log).
 */
export const HOLD_LIMIT_BYTES = 16 * 1024 * 1024;
/** How much of the log's beginning is kept to recognise an answer that starts at 0 again. */
const HEAD_CHARS = 2048;
const REPLACEMENT = '\uFFFD';

/**
 * The 2011 log-tail protocol: `GET /lava-server/job/{id}/log-tail?start={offset}`
 * with `start` a byte offset into the job's log; the answer is `{"is_finished",
 * "new_size", "content"}` with `content` = the log's bytes [start, new_size) as text,
 * and the next request starts at `new_size`.
 *
 * The answer is decoded as it arrives (LogTailDecoder) and its content handed over
 * in pieces; the offset only ever moves past text handed over, counted in UTF-8
 * bytes, so a failure in the middle of an answer resumes exactly where the output
 * stopped. What the server says is checked before it is shown (see `Answer`):
 * - new_size < start: the log restarted (or was truncated): the `restarted` event, again from 0.
 *   From start = 0 a restart cannot be seen: the log just looks shorter and grows again.
 * - content of new_size − start bytes: the normal answer.
 * - content of new_size bytes, beginning with the log's first characters, to a request
 *   with start > 0: a proxy ignored `start`; the first `start` bytes are skipped.
 * - another length, with a U+FFFD: the server cut a character in two at new_size (or
 *   after it) and decoded it with replacement; only the text before the first U+FFFD
 *   is shown, and the next request starts just after it, reading the character whole.
 * - any other length: a bad-response error, nothing of the suspect part shown.
 *
 * Memory and CPU, checked by hand: `npm run bench -- --only memory,throughput` follows a
 * finished 100 MB log to its end in a fresh process (peak heap growth about 13 MB, RSS
 * about 23 MB: the log is never whole in memory) and times it against a plain download.
 */
export class LogTailSource implements LogSource {
  private offset = 0;
  /** The log's first characters as handed over (at most HEAD_CHARS). */
  private head = '';

  constructor(private readonly opts: LogTailOptions) {}

  /** The byte offset of the next request (the end of what was handed over). */
  get position(): number {
    return this.offset;
  }

  async next(signal: AbortSignal, deliver: Deliver): Promise<LogBatch> {
    const start = this.offset;
    const url = logTailUrl(this.opts.serverUrl, this.opts.jobId, start);
    const res = await httpOpen(url, {
      fetch: this.opts.fetch,
      timeoutMs: this.opts.timeoutMs,
      signal,
      credentials: this.opts.credentials,
      clock: this.opts.clock,
    });
    const origin = originOf(url);
    const htmlError = () => new LavaError('bad-response', `${origin} ${HTML_ANSWER}`, res.status);
    if (isHtml(res.headers, '')) {
      await res.cancel();
      throw htmlError();
    }
    const limits = { hold: this.opts.holdLimitBytes ?? HOLD_LIMIT_BYTES, piece: this.opts.pieceChars ?? PIECE_CHARS };
    const answer = new Answer(start, this.head, limits, (text, bytes) => {
      if (signal.aborted) return;
      deliver({ kind: 'text', text });
      this.offset += bytes;
      if (this.head.length < HEAD_CHARS) this.head += text.slice(0, HEAD_CHARS - this.head.length);
    });
    const decoder = new LogTailDecoder(
      (text, bytes) => answer.add(text, bytes),
      `The log-tail answer from ${origin}`,
      {},
      (newSize) => answer.newSize(newSize),
    );
    let fields: LogTailFields;
    try {
      for await (const chunk of res.chunks()) decoder.push(chunk);
      fields = decoder.end();
    } catch (err) {
      if (err instanceof LavaError && err.kind === 'bad-response' && isHtml(res.headers, decoder.bodyStart)) throw htmlError();
      throw err;
    }
    const end = answer.finish(fields);
    if (end.restarted) {
      this.offset = 0;
      this.head = '';
      return { finished: false, event: { kind: 'restarted' } };
    }
    const cutShort = this.offset < fields.newSize;
    return {
      finished: fields.isFinished && !cutShort,
      received: end.received,
      more: cutShort && end.received > 0 ? true : undefined,
    };
  }
}

/**
 * One answer's content on its way to the channel. Content that is certainly right is
 * handed over as it arrives (in pieces of PIECE_CHARS); anything whose place in the
 * log is not yet certain is held (at most HOLD_LIMIT_BYTES) until the answer is complete.
 */
class Answer {
  /** 'hold': start > 0, not yet known whether the content begins at start or at 0. */
  private mode: 'hold' | 'stream' | 'restart';
  private size?: number;
  /** Received, not handed over. */
  private pending = '';
  private pendingBytes = 0;
  /** Content bytes received in all. */
  private received = 0;
  /** Bytes handed over: the log's bytes [start, start + delivered). */
  private delivered = 0;
  /** Bytes still to drop from the front (an answer from 0 to a request from start). */
  private skip = 0;
  private skipped = 0;
  /** A U+FFFD is pending: nothing more is handed over until the answer is complete. */
  private suspect = false;
  /** Where the first U+FFFD of `pending` is, -1 when it has none (each piece is searched once, as it comes). */
  private replacementAt = -1;

  constructor(
    private readonly start: number,
    private readonly head: string,
    private readonly limits: { hold: number; piece: number },
    private readonly hand: (text: string, bytes: number) => void,
  ) {
    this.mode = start === 0 ? 'stream' : 'hold';
  }

  newSize(size: number): void {
    this.size = size;
    if (size < this.start) {
      this.mode = 'restart';
      this.pending = '';
      this.replacementAt = -1;
      this.pendingBytes = 0;
    }
  }

  add(text: string, bytes: number): void {
    this.received += bytes;
    if (this.mode === 'restart') return;
    if (this.skip > 0) {
      [text, bytes] = this.dropFront(text, bytes);
      if (!text) return;
    }
    if (this.replacementAt < 0) {
      const at = text.indexOf(REPLACEMENT);
      if (at >= 0) this.replacementAt = this.pending.length + at;
    }
    this.pending += text;
    this.pendingBytes += bytes;
    if (this.mode === 'hold' && this.pendingBytes > this.limits.hold) this.decideEarly();
    if (this.mode === 'stream' && (this.pending.length >= this.limits.piece || this.pendingBytes > this.limits.hold)) this.pump();
    if (this.pendingBytes > this.limits.hold) {
      // Held because of a U+FFFD, or because the content is already longer than new_size says.
      throw this.bad(
        this.suspect ? `has more than ${mb(this.limits.hold)} after a U+FFFD in its content: cannot check it` : this.lengthMismatch(),
      );
    }
  }

  /** The answer is complete: hands over the rest, or what of it is certain. */
  finish(fields: LogTailFields): { restarted?: boolean; received: number } {
    const size = fields.newSize;
    if (this.mode === 'restart' || size < this.start) return { restarted: true, received: 0 };
    const span = size - this.start;
    if (this.mode === 'hold') {
      if (this.received !== span && this.received === size && this.pending.startsWith(this.head)) this.fromZero();
      else this.mode = 'stream';
    }
    const length = this.received - this.skipped;
    if (length === span && this.skip === 0) {
      this.handOver(this.pending, this.pendingBytes);
      return { received: this.delivered };
    }
    // The length is not what new_size says. With a U+FFFD, the server decoded a character cut in
    // two with replacement: the text before the first U+FFFD is right, show it and no more.
    const cut = this.replacementAt;
    if (cut < 0) throw this.bad(this.lengthMismatch(span, length));
    const before = this.pending.slice(0, cut);
    const bytes = utf8Bytes(before);
    if (this.delivered + bytes >= span) throw this.bad(this.lengthMismatch(span, length));
    if (this.delivered + bytes === 0) {
      // Only an incomplete last character, replaced: nothing to show yet (the log ends inside it).
      if (this.pending === REPLACEMENT && span <= 3) return { received: 0 };
      throw this.bad(`begins with U+FFFD and its length (${length} bytes) is not new_size − start (${span}): it starts inside a character`);
    }
    this.handOver(before, bytes);
    return { received: this.delivered };
  }

  /** Hands over what is certainly right so far (not past new_size, not from a U+FFFD on). */
  private pump(): void {
    if (this.mode !== 'stream' || this.suspect || !this.pending || this.skip > 0) return;
    let text = this.pending;
    let bytes = this.pendingBytes;
    const cut = this.replacementAt;
    if (cut >= 0) {
      this.suspect = true;
      text = text.slice(0, cut);
      bytes = utf8Bytes(text);
    }
    if (this.size !== undefined && this.delivered + bytes > this.size - this.start) return; // longer than new_size says: hold
    this.pending = this.pending.slice(text.length);
    this.pendingBytes -= bytes;
    if (cut >= 0) this.replacementAt = 0;
    this.handOver(text, bytes);
  }

  private handOver(text: string, bytes: number): void {
    if (!text) return;
    this.delivered += bytes;
    this.hand(text, bytes);
  }

  /** More than HOLD_LIMIT_BYTES held for start > 0: decide from what has come so far. */
  private decideEarly(): void {
    if (this.size === undefined) throw this.bad(`sends more than ${mb(this.limits.hold)} of content before new_size`);
    const span = this.size - this.start;
    if (!this.pending.startsWith(this.head)) {
      this.mode = 'stream'; // not the log's beginning: the content begins at start
    } else if (this.received > span + 3) {
      this.fromZero(); // longer than start..new_size, even with replaced characters: it begins at 0
    } else {
      throw this.bad(`sends more than ${mb(this.limits.hold)} that could begin at 0 or at ${this.start}: cannot tell which`);
    }
  }

  /** The content begins at 0 (a proxy ignored `start`): drop the `start` bytes already shown. */
  private fromZero(): void {
    this.mode = 'stream';
    this.skip = this.start;
    const text = this.pending;
    const bytes = this.pendingBytes;
    this.pending = '';
    this.pendingBytes = 0;
    [this.pending, this.pendingBytes] = this.dropFront(text, bytes);
    this.replacementAt = this.pending.indexOf(REPLACEMENT);
  }

  private dropFront(text: string, bytes: number): [string, number] {
    if (bytes <= this.skip) {
      if (text.includes(REPLACEMENT)) throw this.bad('starts at 0 and has a U+FFFD where the log has none: cannot tell where it is');
      this.skip -= bytes;
      this.skipped += bytes;
      return ['', 0];
    }
    const at = charsForBytes(text, this.skip);
    if (at < 0) throw this.bad(`starts at 0 and byte ${this.start} is inside a character of it: not the log already shown`);
    if (text.slice(0, at).includes(REPLACEMENT))
      throw this.bad('starts at 0 and has a U+FFFD where the log has none: cannot tell where it is');
    this.skipped += this.skip;
    const rest = bytes - this.skip;
    this.skip = 0;
    return [text.slice(at), rest];
  }

  private lengthMismatch(span = (this.size ?? 0) - this.start, length = this.received - this.skipped): string {
    return `has ${length} bytes of content where new_size − start is ${span} (start ${this.start}, new_size ${this.size})`;
  }

  private bad(what: string): LavaError {
    return new LavaError('bad-response', `The log-tail answer ${what}.`);
  }
}

/** The UTF-8 length of a text (without lone surrogates: the decoder refuses them). */
export function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const units = utf8Units(s.charCodeAt(i));
    n += units;
    if (units === 4) i++;
  }
  return n;
}

/** UTF-8 bytes of the character starting with UTF-16 unit `c` (4 for a surrogate pair's high half). */
function utf8Units(c: number): number {
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  return c >= 0xd800 && c <= 0xdbff ? 4 : 3;
}

/** How many characters (UTF-16 units) of `s` make exactly `bytes` UTF-8 bytes; -1 when that falls inside a character. */
function charsForBytes(s: string, bytes: number): number {
  let n = 0;
  let i = 0;
  while (n < bytes && i < s.length) {
    const units = utf8Units(s.charCodeAt(i));
    n += units;
    i += units === 4 ? 2 : 1;
  }
  return n === bytes ? i : -1;
}

function mb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} kB`;
}

function logTailUrl(serverUrl: string, jobId: string, start: number): string {
  return `${serverUrl}/lava-server/job/${encodeURIComponent(jobId)}/log-tail?start=${start}`;
}
