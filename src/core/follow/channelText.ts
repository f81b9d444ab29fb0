/**
 * The one way text reaches a job's channel: the job's log and the follower's
 * own notices, in one stream.
 *
 * Log text: every control, invisible or bidi character, and NOTICE_MARK, is
 * made visible (core/untrusted/sanitize.ts `sanitizeLogText`; TAB, LF and CR stay),
 * character by character, so where a chunk ends never matters.  The log can
 * therefore never write NOTICE_MARK.
 *
 * Notices appear when they happen, each on a line of its own:
 *
 *     ⚑ [LAVA Follow] Reconnecting…\n
 *
 * When a notice comes in the middle of a log line (a shell prompt, U-Boot
 * waiting, a log that restarts), that line is ended with `⚑\n` first, and the
 * log goes on after the notice.  So the log's text is exactly what remains
 * when `stripNotices` removes the lines that start with NOTICE_MARK, then
 * every `⚑\n`.
 */
import { flatText, NOTICE_MARK, oneLine, sanitizeLogText } from '../untrusted/sanitize';

export { NOTICE_MARK, sanitizeLogText } from '../untrusted/sanitize';

/** The words after NOTICE_MARK and a space on a notice line. */
export const NOTICE_PREFIX = '[LAVA Follow] ';

/** How a notice line starts. */
export const NOTICE_START = `${NOTICE_MARK} ${NOTICE_PREFIX}`;

/** Ends a log line a notice interrupts. */
const LINE_BREAK = `${NOTICE_MARK}\n`;

/** The longest notice message shown (an error message can quote a server at length). */
const MAX_NOTICE = 1000;

export class ChannelText {
  /** The channel's text ends with a line break (or is empty). */
  private atLineStart = true;

  constructor(private readonly write: (text: string) => void) {}

  append(text: string): void {
    if (!text) return;
    const shown = sanitizeLogText(text);
    this.write(shown);
    this.atLineStart = shown.charCodeAt(shown.length - 1) === 0x0a;
  }

  /** Writes a notice at once, on a line of its own; the message is put on one line. */
  notice(message: string): void {
    const text = oneLine(flatText(message), MAX_NOTICE);
    this.write(`${this.atLineStart ? '' : LINE_BREAK}${NOTICE_START}${text}\n`);
    this.atLineStart = true;
  }
}

/** A channel's text without our notices: the log's text exactly as the server sent it (sanitized). */
export function stripNotices(text: string): string {
  let kept = '';
  for (let i = 0; i < text.length;) {
    const eol = text.indexOf('\n', i);
    const end = eol < 0 ? text.length : eol + 1;
    if (text[i] !== NOTICE_MARK) kept += text.slice(i, end);
    i = end;
  }
  return kept.split(LINE_BREAK).join('');
}

/** The messages of the notices in a channel's text, in order. */
export function noticeMessages(text: string): string[] {
  const messages: string[] = [];
  for (const line of text.split('\n')) if (line.startsWith(NOTICE_START)) messages.push(line.slice(NOTICE_START.length));
  return messages;
}
