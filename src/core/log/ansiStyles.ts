/**
 * The board's colours: SGR sequences (`ESC [ … m`) read into styled ranges of the text that
 * terminal.ts leaves, so a document can show them as decorations while its text stays clean.
 *
 * `styledLine(line, table)` gives exactly `stripTerminalControls(line)` (same passes, same order:
 * escape sequences, then the remnants LAVA leaves when it drops the ESC byte, then the other
 * controls) and the ranges of it that a non-default style covers. SGR is read from both forms:
 * `ESC[32m` (log-tail, later LAVA, other sources) and `[32m` (LAVA 2023.01's ShellLogger removes
 * every ESC byte: the remnant shapes of terminal.ts). A line with a carriage return or a
 * backspace is overstruck by terminal.ts: it keeps its text and loses its styles.
 *
 * What is read: 0 reset, 1 bold, 3 italic, 4 (and 4:n, 21) underline, 22/23/24 their ends,
 * 30–37 / 90–97 / 39 foreground, 40–47 / 100–107 / 49 background, 38/48 with `5;n` (256
 * colours) or `2;r;g;b` (true colour; also the `:` forms). Anything else is ignored.
 *
 * Bounded: a style table holds at most `MAX_STYLES` distinct styles (a hostile log cannot make
 * more decoration types); text in a style beyond them is shown unstyled. At most
 * `MAX_PARAMS` parameters of a sequence are read. Linear in the line's length.
 */
import { stripTerminalControls } from './terminal';

/** A colour: one of the 16 ANSI colours (0–7, bright 8–15), or an RGB value `#rrggbb`. */
export type AnsiColor = number | string;

export interface TextStyle {
  fg?: AnsiColor;
  bg?: AnsiColor;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
}

/** The most distinct styles one log holds (each becomes a decoration type). */
export const MAX_STYLES = 64;
/** The parameters read of one SGR sequence. */
export const MAX_PARAMS = 32;

/** The distinct styles of one log, each with a small id (its index). */
export class StyleTable {
  private readonly ids = new Map<string, number>();
  private readonly list: TextStyle[] = [];
  /** Styles asked for once the table was full (their text is shown unstyled). */
  dropped = 0;
  /** ansiStyles.ts's transitions (style + SGR parameters → style), a bounded cache. */
  readonly transitions = new Map<string, { key: string; style: TextStyle; id: number | undefined }>();

  get size(): number {
    return this.list.length;
  }

  style(id: number): TextStyle | undefined {
    return this.list[id];
  }

  /** The id of `style` (added when new and there is room), undefined when the table is full. */
  intern(style: TextStyle): number | undefined {
    const key = styleKey(style);
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    if (this.list.length >= MAX_STYLES) {
      this.dropped++;
      return undefined;
    }
    const id = this.list.length;
    const own: TextStyle = {};
    if (style.fg !== undefined) own.fg = style.fg;
    if (style.bg !== undefined) own.bg = style.bg;
    if (style.bold) own.bold = true;
    if (style.italic) own.italic = true;
    if (style.underline) own.underline = true;
    this.list.push(own);
    this.ids.set(key, id);
    return id;
  }
}

/** A style as a short key (`f2 b#102030 B I U`); '' for the default style. */
export function styleKey(s: TextStyle): string {
  let k = '';
  if (s.fg !== undefined) k += `f${s.fg} `;
  if (s.bg !== undefined) k += `b${s.bg} `;
  if (s.bold) k += 'B ';
  if (s.italic) k += 'I ';
  if (s.underline) k += 'U ';
  return k;
}

/** A line's clean text and its styled ranges: `[start, end, styleId]` triples, in order, not overlapping. */
export interface StyledLine {
  text: string;
  ranges: number[];
}

/* eslint-disable no-control-regex -- control characters are what this module matches */
/** terminal.ts's passes, each with its SGR shape (a match that is SGR sets the style). */
const ESCAPES =
  /\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c|$)|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c|$)|\x1b[ -/]+[0-~]?|\x1b[0-~]?/g;
const ESC_SGR = /^(?:\x1b\[|\x9b)([0-9;:]*)m$/;
const REMNANTS =
  /c(?=\[\?7l)|\[\?[0-9]{1,4}(?:;[0-9]{1,4})*[hl]|\[(?:0|[0-9]{1,3}(?:;[0-9]{1,3})+)m|\[[0-9]{1,3}(?:;[0-9]{1,3})*[mJKHfnABCDG](?!\])/g;
const REMNANT_SGR = /^\[([0-9;]*)m$/;
const OTHER_CONTROLS = /[\x00-\x07\x0b\x0c\x0e-\x1f\x7f-\x9f]/g;
const HAS_OTHER_CONTROL = /[\x00-\x07\x0b\x0c\x0e-\x1f\x7f-\x9f]/;
/** What may hold an SGR sequence at all (else the line has no styles). */
const MAY_STYLE = /[\x1b\x9b]|\[[0-9]/;
/* eslint-enable no-control-regex */

/** SGR sequences found so far: where each one is in the text being cut, and its parameters. */
interface Sgr {
  at: number[];
  params: string[];
}

/**
 * `stripTerminalControls(line)` and the ranges a style covers (ids from `table`). For one line
 * (no '\n'); `table` is the log's.
 */
export function styledLine(line: string, table: StyleTable): StyledLine {
  if (!MAY_STYLE.test(line)) return { text: stripTerminalControls(line), ranges: [] };
  if (line.indexOf('\r') >= 0 || line.indexOf('\b') >= 0) return { text: stripTerminalControls(line), ranges: [] };
  let s = line;
  let sgr: Sgr = { at: [], params: [] };
  if (s.indexOf('\x1b') >= 0 || s.indexOf('\x9b') >= 0) ({ s, sgr } = cut(s, ESCAPES, ESC_SGR, sgr));
  if (s.indexOf('[') >= 0) ({ s, sgr } = cut(s, REMNANTS, REMNANT_SGR, sgr));
  if (HAS_OTHER_CONTROL.test(s)) ({ s, sgr } = cut(s, OTHER_CONTROLS, undefined, sgr));
  if (sgr.at.length === 0) return { text: s, ranges: [] };
  return { text: s, ranges: rangesOf(s.length, sgr, table) };
}

/**
 * `s` without the matches of `re`; the SGR sequences seen so far moved to their place in the
 * result, and the matches that are SGR (`sgrShape`) added, all in text order.
 */
function cut(s: string, re: RegExp, sgrShape: RegExp | undefined, before: Sgr): { s: string; sgr: Sgr } {
  re.lastIndex = 0;
  const pieces: string[] = [];
  let from = 0; // in s: the text after the last match
  let removed = 0;
  const at: number[] = [];
  const params: string[] = [];
  const n = before.at.length;
  let k = 0; // the next earlier sequence to move
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    const start = m.index;
    const end = start + m[0].length;
    // Earlier sequences at or before this match's start keep their place, before it.
    while (k < n && before.at[k] <= start) {
      at.push(before.at[k] - removed);
      params.push(before.params[k++]);
    }
    // Earlier sequences inside the match move to where it was.
    const here = start - removed;
    while (k < n && before.at[k] < end) {
      at.push(here);
      params.push(before.params[k++]);
    }
    if (sgrShape !== undefined && m[0].charCodeAt(m[0].length - 1) === 0x6d /* m */) {
      const shape = sgrShape.exec(m[0]);
      if (shape !== null) {
        at.push(here);
        params.push(shape[1]);
      }
    }
    if (start > from) pieces.push(s.slice(from, start));
    from = end;
    removed += end - start;
  }
  while (k < n) {
    at.push(before.at[k] - removed);
    params.push(before.params[k++]);
  }
  if (from === 0) return { s, sgr: { at, params } };
  pieces.push(s.slice(from));
  return { s: pieces.join(''), sgr: { at, params } };
}

/** A style reached by SGR sequences: its key, itself and its id (undefined: default, or the table was full). */
interface Reached {
  key: string;
  style: TextStyle;
  id: number | undefined;
}

const DEFAULT_STYLE: Reached = { key: '', style: {}, id: undefined };
/** Transitions remembered per table (style key + parameters → style reached), then forgotten at once. */
const MAX_TRANSITIONS = 4096;

/** The styled ranges of a text of `length` characters whose SGR sequences are `sgr` (in order). */
function rangesOf(length: number, sgr: Sgr, table: StyleTable): number[] {
  const ranges: number[] = [];
  const cache = table.transitions;
  let cur = DEFAULT_STYLE;
  let from = 0;
  const close = (to: number) => {
    const id = cur.id;
    if (id === undefined || to <= from) return;
    const n = ranges.length;
    // The same style again right after: one range.
    if (n >= 3 && ranges[n - 1] === id && ranges[n - 2] === from) ranges[n - 2] = to;
    else ranges.push(from, to, id);
  };
  for (let q = 0; q < sgr.at.length; q++) {
    const at = sgr.at[q];
    close(at);
    from = at;
    const params = sgr.params[q];
    const transition = cur.key + '|' + params;
    let next = cache.get(transition);
    if (next === undefined) {
      const style = { ...cur.style };
      applySgr(style, params);
      const key = styleKey(style);
      next = { key, style, id: key === '' ? undefined : table.intern(style) };
      if (cache.size >= MAX_TRANSITIONS) cache.clear();
      cache.set(transition, next);
    }
    cur = next;
  }
  close(length);
  return ranges;
}

/** Applies one SGR sequence's parameters (`1;32`, `38;5;208`, `38:2::1:2:3`…) to `style`. */
export function applySgr(style: TextStyle, params: string): void {
  const list = params === '' ? ['0'] : params.split(';', MAX_PARAMS);
  for (let i = 0; i < list.length; i++) {
    const p = list[i];
    if (p.indexOf(':') >= 0) {
      colon(style, p.split(':', 8));
      continue;
    }
    const n = p === '' ? 0 : Number(p);
    if (n === 0) reset(style);
    else if (n === 1) style.bold = true;
    else if (n === 3) style.italic = true;
    else if (n === 4 || n === 21) style.underline = true;
    else if (n === 22) style.bold = undefined;
    else if (n === 23) style.italic = undefined;
    else if (n === 24) style.underline = undefined;
    else if (n >= 30 && n <= 37) style.fg = n - 30;
    else if (n >= 90 && n <= 97) style.fg = n - 90 + 8;
    else if (n === 39) style.fg = undefined;
    else if (n >= 40 && n <= 47) style.bg = n - 40;
    else if (n >= 100 && n <= 107) style.bg = n - 100 + 8;
    else if (n === 49) style.bg = undefined;
    else if (n === 38 || n === 48) {
      const mode = list[i + 1];
      let color: AnsiColor | undefined;
      if (mode === '5') {
        color = color256(Number(list[i + 2]));
        i += 2;
      } else if (mode === '2') {
        color = rgb(Number(list[i + 2]), Number(list[i + 3]), Number(list[i + 4]));
        i += 4;
      } else i += 1;
      if (color !== undefined) {
        if (n === 38) style.fg = color;
        else style.bg = color;
      }
    }
  }
}

/** `38:5:n`, `38:2:r:g:b`, `38:2:cs:r:g:b`, `4:n`. */
function colon(style: TextStyle, parts: string[]): void {
  const n = Number(parts[0]);
  if (n === 4) {
    style.underline = parts[1] === '0' ? undefined : true;
    return;
  }
  if (n !== 38 && n !== 48) return;
  let color: AnsiColor | undefined;
  if (parts[1] === '5') color = color256(Number(parts[2]));
  else if (parts[1] === '2') {
    const c = parts.length >= 6 ? parts.slice(3, 6) : parts.slice(2, 5);
    color = rgb(Number(c[0]), Number(c[1]), Number(c[2]));
  }
  if (color === undefined) return;
  if (n === 38) style.fg = color;
  else style.bg = color;
}

function reset(style: TextStyle): void {
  style.fg = style.bg = style.bold = style.italic = style.underline = undefined;
}

/** One of the 256 colours: 0–15 the ANSI ones, 16–231 the 6×6×6 cube, 232–255 the greys (as xterm). */
export function color256(n: number): AnsiColor | undefined {
  if (!Number.isInteger(n) || n < 0 || n > 255) return undefined;
  if (n < 16) return n;
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return rgb(v, v, v);
  }
  const c = n - 16;
  const level = (x: number) => (x === 0 ? 0 : 55 + x * 40);
  return rgb(level(Math.floor(c / 36)), level(Math.floor(c / 6) % 6), level(c % 6));
}

function rgb(r: number, g: number, b: number): string | undefined {
  const ok = (x: number) => Number.isInteger(x) && x >= 0 && x <= 255;
  if (!ok(r) || !ok(g) || !ok(b)) return undefined;
  return '#' + [r, g, b].map((x) => x.toString(16).padStart(2, '0')).join('');
}
