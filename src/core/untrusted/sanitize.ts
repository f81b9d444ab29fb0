/**
 * The characters a job's log may not put in front of the user as they are.
 *
 * A log is written by whoever submitted the job and by the board's console:
 * it may hold terminal controls (ESC, BEL, NUL…), C1 controls, bidi overrides
 * and invisible characters that hide or reorder text, and it must never be
 * able to write NOTICE_MARK, the character that starts our own notice lines
 * (core/follow/channelText.ts).  Every such character is made visible, one
 * character at a time (no state: where a chunk of log ends never matters):
 *
 *   C0 controls except TAB, LF, CR   U+2400 + n, the Unicode control pictures (ESC → ␛, NUL → ␀)
 *   DEL                              U+2421 ␡
 *   C1 controls U+0080–U+009F,
 *   bidi and invisible format
 *   characters (U+00AD soft hyphen,
 *   U+061C, U+115F U+1160 U+3164 U+FFA0
 *   Hangul fillers, U+200B–U+200F,
 *   U+2028, U+2029, U+202A–U+202E,
 *   U+2060–U+206F, U+FE00–U+FE0F
 *   variation selectors, U+FEFF), and
 *   NOTICE_MARK                      `<U+XXXX>`
 *   the tag characters U+E0000–U+E007F
 *   (and the rest of U+E0000–U+E03FF:
 *   variation selectors 17–256)      their first half U+DB40 as `<U+DB40>`
 *
 * Astral characters are two UTF-16 code units, and a chunk may end between them: so that
 * `sanitizeLogText(a + b) === sanitizeLogText(a) + sanitizeLogText(b)` for every cut, the work
 * is done one code unit at a time.  The invisible astral characters above all start with the
 * high surrogate U+DB40 (no visible character does), so that unit alone is replaced: the tag
 * cannot act (its low half alone is no character: it shows as a replacement mark).  Text that
 * is never cut (flatText, oneLine: notifications, labels, Problems, Outline) shows the whole
 * pair as one `<U+E00XX>`.
 */

/** Starts each notice line of ours (and ends a log line a notice interrupts): the log can never write it. */
export const NOTICE_MARK = '\u2691'; // ⚑ BLACK FLAG

/** The characters made visible (TAB, LF and CR apart), as a regex character class's source. */
export const SPECIAL_SOURCE =
  '\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\xad\\u061c\\u115f\\u1160\\u200b-\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2060-\\u206f' +
  '\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\udb40';
/* eslint-disable no-misleading-character-class -- the variation selectors, each alone, are what these classes match */
/** What sanitizeLogText replaces: TAB, LF and CR are kept. */
const LOG_SPECIAL = new RegExp(`[${SPECIAL_SOURCE}${NOTICE_MARK}]`, 'g');
const HAS_LOG_SPECIAL = new RegExp(`[${SPECIAL_SOURCE}${NOTICE_MARK}]`);
/** What oneLine replaces: every special character, TAB, LF and CR included. */
const LINE_SPECIAL = new RegExp(`[\\t\\n\\r${SPECIAL_SOURCE}${NOTICE_MARK}]`, 'g');

/** How one special character is shown: a control picture, or `<U+XXXX>`. */
export function visibleChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/**
 * Log text as a channel may show it: TAB, LF and CR as they are, every other
 * control, invisible or bidi character and NOTICE_MARK made visible.  Works
 * character by character, so `sanitizeLogText(a + b) === sanitizeLogText(a) + sanitizeLogText(b)`.
 */
export function sanitizeLogText(text: string): string {
  if (!HAS_LOG_SPECIAL.test(text)) return text; // the common case
  return text.replace(LOG_SPECIAL, visibleChar);
}

const SPECIAL = new RegExp(`[${SPECIAL_SOURCE}]`, 'g');
/* eslint-enable no-misleading-character-class */

/**
 * Text on one line, for a notification or a label: line breaks (and the
 * blanks around them) and TABs become one space, every other control,
 * invisible or bidi character is made visible.
 */
export function flatText(text: string): string {
  return text
    .replace(/[ \t]*(?:\r\n|[\n\r\u0085\u2028\u2029])\s*/g, ' ')
    .replace(/\t/g, ' ')
    .replace(TAG_PAIR, visiblePair)
    .replace(SPECIAL, visibleChar);
}

/** An invisible astral character whole (U+E0000–U+E03FF: tags, variation selectors 17–256). */
const TAG_PAIR = /\udb40[\udc00-\udfff]/g;

function visiblePair(pair: string): string {
  return `<U+${(pair.codePointAt(0) ?? 0).toString(16).toUpperCase()}>`;
}

/**
 * Text that must stay on one line (a namespace or level in a line's prefix, a
 * notice): every special character visible, TAB, LF and CR too (␉ ␊ ␍), at
 * most `max` characters (then `…`).
 */
export function oneLine(text: string, max: number): string {
  return bound(text.replace(TAG_PAIR, visiblePair).replace(LINE_SPECIAL, visibleChar), max);
}

/** At most `max` characters, the last one `…` when cut (never between the halves of a surrogate pair). */
export function bound(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - 1);
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return text.slice(0, cut) + '…';
}
