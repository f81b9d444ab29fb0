/**
 * A record's time, kept as two numbers instead of its `dt` string, and shown again in any time
 * mode exactly as format.ts shows it from the string:
 *
 *   clock  the `HH:MM:SS` of `dt` as written (what 'utc' shows), as the number HHMMSS; -1 when
 *          format.ts shows `--:--:--`
 *   ms     milliseconds since the epoch (format.ts `dtMs`: what 'local' and 'elapsed' use); NaN
 *          when unreadable
 *
 * A JobLog keeps these for every record (12 bytes) so that a document can be rendered again with
 * another time mode without the records.
 */

/** How each line's time is shown (setting `lava.timestamps`). */
export type TimeMode = 'utc' | 'local' | 'elapsed' | 'hidden';

export const TIME_MODES: readonly TimeMode[] = ['utc', 'local', 'elapsed', 'hidden'];

function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - 0x30;
  return d >= 0 && d <= 9 ? d : -1;
}

function twoDigits(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** HHMMSS of `HH:MM:SS` at `i`, or -1. */
function clockAt(s: string, i: number): number {
  if (s.charCodeAt(i + 2) !== 0x3a || s.charCodeAt(i + 5) !== 0x3a) return -1;
  const h = twoDigits(s, i);
  const m = twoDigits(s, i + 3);
  const sec = twoDigits(s, i + 6);
  return h < 0 || m < 0 || sec < 0 ? -1 : h * 10000 + m * 100 + sec;
}

/**
 * Where the `HH:MM:SS` of a date-time begins: the 8 characters after its first `T` (else its first
 * space), when they are digits and colons; -1 otherwise. What 'utc' shows of `dt`.
 */
export function clockStart(dt: string): number {
  let sep = dt.indexOf('T');
  if (sep < 0) sep = dt.indexOf(' ');
  if (sep < 0 || dt.length < sep + 9 || clockAt(dt, sep + 1) < 0) return -1;
  return sep + 1;
}

/**
 * The clock 'utc' shows of `dt`, as HHMMSS, or -1 for `--:--:--`: as written when `dt` is UTC
 * (no offset, `Z`, `+00:00`); converted to UTC when it names another offset (LAVA 2026.05 writes
 * `isoformat()` of an aware time), -1 when that offset is not one.
 */
function clockOf(dt: string): number {
  const at = clockStart(dt);
  if (at < 0) return -1;
  const m = DT.exec(dt);
  if (!m || m[9] === undefined || (m[10] === '00' && m[11] === '00')) return clockAt(dt, at);
  const ms = dtMs(dt);
  return ms === undefined ? -1 : utcClock(ms);
}

/** HHMMSS of a time in UTC. */
function utcClock(ms: number): number {
  const d = new Date(ms);
  return d.getUTCHours() * 10000 + d.getUTCMinutes() * 100 + d.getUTCSeconds();
}

/** What 'utc' shows of `dt`: `HH:MM:SS` in UTC, or `--:--:--`. */
export function utcClockText(dt: unknown): string {
  const clock = typeof dt === 'string' ? clockOf(dt) : -1;
  return clock < 0 ? '--:--:--' : `${two(Math.floor(clock / 10000))}:${two(Math.floor(clock / 100) % 100)}:${two(clock % 100)}`;
}

/** LAVA's `dt`: date, `T` or space, clock, an optional fraction and an optional offset (`Z`, `+02:00`, `+0200`). */
const DT = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(Z|([+-])(\d\d):?(\d\d))?/;

/**
 * Milliseconds since the epoch of LAVA's `dt` (`2023-01-24T05:24:00.123456`: UTC unless it
 * ends in an offset, as from 2026.05 `2026-05-11T12:24:51.123456+00:00`; `T` or space), or
 * undefined when it is missing or unreadable (an offset beyond ±23:59 included).
 */
export function dtMs(dt: unknown): number | undefined {
  if (typeof dt !== 'string') return undefined;
  const m = DT.exec(dt);
  if (!m) return undefined;
  if (m[9] !== undefined && (Number(m[10]) > 23 || Number(m[11]) > 59)) return undefined;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const offsetMin = m[9] ? (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11])) : 0;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms) - offsetMin * 60000;
  return Number.isFinite(t) ? t : undefined;
}

/** `+MM:SS` under an hour, then `+H:MM:SS` (whole seconds, rounded down); `-` when negative. */
export function elapsedText(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const s = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(s / 3600);
  const mmss = `${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
  return h > 0 ? `${sign}${h}:${mmss}` : `${sign}${mmss}`;
}

/** `HH:MM:SS` of a time in this machine's time zone. */
export function localClockText(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * Reads `dt` strings into a clock and a time. LAVA writes `2023-06-01T05:24:00.060423`: that shape
 * is read here from its digits, the day through Date.UTC once per date (Date.UTC is linear in the
 * hours, minutes, seconds and milliseconds: the day's milliseconds plus those equal what it gives
 * for the whole). Anything else is read as format.ts reads it.
 */
export class DtReader {
  /** What the last `read` found: HHMMSS as written, or -1. */
  clock = -1;
  /** What the last `read` found: ms since the epoch, or NaN. */
  ms = NaN;
  private date = -1;
  private dateMs = NaN;

  /** Reads `dt` into `clock` and `ms` (no object per record: a log has hundreds of thousands). */
  read(dt: unknown): void {
    if (typeof dt !== 'string') {
      this.clock = -1;
      this.ms = NaN;
      return;
    }
    if (!this.readUsual(dt)) {
      const ms = dtMs(dt);
      this.clock = clockOf(dt);
      this.ms = ms === undefined ? NaN : ms;
    }
  }

  /**
   * `YYYY-MM-DDTHH:MM:SS.ffffff` exactly (2023.01), or that followed by `+00:00` with or without
   * `.ffffff` (2026.05 writes UTC `isoformat()`, without the fraction when it is 0); else false.
   */
  private readUsual(dt: string): boolean {
    const n = dt.length;
    const utc = n === 32 || n === 25;
    if (utc && !dt.endsWith('+00:00')) return false;
    const fraction = n === 26 || n === 32;
    if (!fraction && n !== 25) return false;
    if (dt.charCodeAt(4) !== 0x2d || dt.charCodeAt(7) !== 0x2d || dt.charCodeAt(10) !== 0x54) return false;
    if (dt.charCodeAt(13) !== 0x3a || dt.charCodeAt(16) !== 0x3a) return false;
    if (fraction ? dt.charCodeAt(19) !== 0x2e : false) return false;
    const century = twoDigits(dt, 0);
    const year = twoDigits(dt, 2);
    const month = twoDigits(dt, 5);
    const day = twoDigits(dt, 8);
    const h = twoDigits(dt, 11);
    const m = twoDigits(dt, 14);
    const s = twoDigits(dt, 17);
    const milli = fraction ? twoDigits(dt, 20) : 0;
    const rest = fraction ? twoDigits(dt, 22) : 0;
    const micro = fraction ? twoDigits(dt, 24) : 0;
    if ((century | year | month | day | h | m | s | milli | rest | micro) < 0) return false;
    const date = (century * 100 + year) * 10000 + month * 100 + day;
    if (date !== this.date) {
      this.date = date;
      this.dateMs = Date.UTC(century * 100 + year, month - 1, day);
    }
    if (!Number.isFinite(this.dateMs)) return false;
    this.clock = h * 10000 + m * 100 + s;
    // The milliseconds are the fraction's first three digits (format.ts dtMs).
    this.ms = this.dateMs + h * 3600000 + m * 60000 + s * 1000 + milli * 10 + Math.floor(rest / 10);
    return true;
  }
}

/**
 * The time column of records in one mode, as format.ts writes it, from RecordTimes; `startMs`
 * is the job's first record's time for 'elapsed'. The last second's text is reused.
 */
export class TimeColumn {
  private lastKey = NaN;
  private lastText = '';

  constructor(
    readonly mode: TimeMode,
    private readonly startMs: number | undefined,
  ) {}

  text(clock: number, ms: number): string {
    switch (this.mode) {
      case 'hidden':
        return '';
      case 'utc':
        if (clock < 0) return '--:--:--';
        if (clock !== this.lastKey) {
          this.lastKey = clock;
          this.lastText = `${two(Math.floor(clock / 10000))}:${two(Math.floor(clock / 100) % 100)}:${two(clock % 100)}`;
        }
        return this.lastText;
      case 'local': {
        if (Number.isNaN(ms)) return '--:--:--';
        const second = Math.floor(ms / 1000);
        if (second !== this.lastKey) {
          this.lastKey = second;
          this.lastText = localClockText(ms);
        }
        return this.lastText;
      }
      case 'elapsed':
        return Number.isNaN(ms) || this.startMs === undefined ? '+--:--' : elapsedText(ms - this.startMs);
    }
  }
}
