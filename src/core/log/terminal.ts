/**
 * Serial-console text (`lvl: target`) keeps whatever the board sent, including
 * terminal control sequences that a VS Code Output channel would print as
 * garbage.  `stripTerminalControls` turns such text into what a reader wants
 * to see.
 *
 * Two kinds of debris are removed:
 *
 * 1. Real escape sequences (ESC = U+001B present): CSI (`ESC [ params
 *    intermediates final`, including private modes such as `ESC[?7l` and
 *    queries such as `ESC[6n`, SGR colours), OSC (`ESC ] ... BEL|ST`, or to
 *    the end of the text when unterminated), DCS/SOS/PM/APC strings, charset
 *    selection (`ESC ( B`), other two-byte escapes (`ESC c`, `ESC 7`, ...),
 *    8-bit C1 CSI (U+009B) and any lone ESC.
 *
 * 2. "ESC remnants": LAVA logs where the ESC byte itself was dropped, leaving
 *    `[6n`, `[?7l[2J[0m`, `[1;32m`...  Only shapes that never occur as prose
 *    are removed: `[?` + numbers + `h`/`l`; the SGR reset `[0m` and
 *    compound SGR `[1;32m` anywhere (systemd prints `[ESC[0;32m  OK  ESC[0m]`);
 *    `[` + numbers (`;`-separated, at least one digit) + one of
 *    `m J K H f n A B C D G` when not followed by `]`.  So `[    0.000000]`,
 *    `[common]`, `[1]`, `[5m]`, `[1B]` stay.  The `c` of a
 *    console reset (`ESC c`) is removed only in the well-known reset
 *    preamble `c[?7l` (SeaBIOS / Linux console).
 *
 * Then C0 controls are handled: a carriage return moves back to column 0
 * (later text overwrites earlier text, as on a terminal), a backspace moves
 * back one column, TAB and LF are kept, everything else (BEL, NUL, DEL, C1
 * controls, ...) is dropped.
 */

/* eslint-disable no-control-regex -- control characters are what this module matches */
const ESCAPES =
  /\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c|$)|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c|$)|\x1b[ -/]+[0-~]?|\x1b[0-~]?/g;

const REMNANTS =
  /c(?=\[\?7l)|\[\?[0-9]{1,4}(?:;[0-9]{1,4})*[hl]|\[(?:0|[0-9]{1,3}(?:;[0-9]{1,3})+)m|\[[0-9]{1,3}(?:;[0-9]{1,3})*[mJKHfnABCDG](?!\])/g;

const OTHER_CONTROLS = /[\x00-\x07\x0b\x0c\x0e-\x1f\x7f-\x9f]/g;

const ANY_SPECIAL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]|\[[0-9?]/;

export function stripTerminalControls(text: string): string {
  if (!ANY_SPECIAL.test(text)) return text; // the common case: nothing to do
  let s = text;
  if (s.indexOf('\x1b') >= 0 || s.indexOf('\x9b') >= 0) s = s.replace(ESCAPES, '');
  if (s.indexOf('[') >= 0) s = s.replace(REMNANTS, '');
  s = s.replace(OTHER_CONTROLS, '');
  if (s.indexOf('\r') >= 0 || s.indexOf('\b') >= 0) s = s.split('\n').map(overstrike).join('\n');
  return s;
}

/** Apply CR and BS on one line the way a terminal shows it. */
function overstrike(line: string): string {
  if (line.indexOf('\r') < 0 && line.indexOf('\b') < 0) return line;
  const cells: string[] = [];
  let col = 0;
  for (const ch of line) {
    if (ch === '\r') col = 0;
    else if (ch === '\b') col = col > 0 ? col - 1 : 0;
    else cells[col++] = ch;
  }
  // A bare trailing CR ("text\r") leaves the text as it was.
  let out = '';
  for (let i = 0; i < cells.length; i++) out += cells[i] ?? ' ';
  return out;
}
