/**
 * Folding ranges and outline symbols of a LAVA log document, as plain data:
 * the action tree (actions.ts) placed on document lines (lineMap.ts).
 *
 * An action covers the records from its start line to its last record
 * (`lastIndex`; to the end of the log while it runs).  On the document it
 * covers the first line at or after its start record through the last line
 * at or before its last record: when the start line is hidden (nested
 * actions log at `debug`; a filter without `debug` hides them) the range
 * begins at the next line shown.  An action with no line shown has no folding
 * range and no symbol (nor have its children: they lie inside it).
 */
import { ActionTree, LogAction, secondsToHms } from './actions';
import type { LineMap } from './lineMap';
import { plainLine } from '../untrusted/plainForSurface';

/** Document lines, 0-based, both inclusive. */
export interface LineRange {
  start: number;
  end: number;
}

export interface ActionFoldingRange extends LineRange {
  action: LogAction;
}

export interface OutlineSymbol {
  /**
   * `1.2 deployimages` (LAVA's pipeline naming); `4 finalize` for an implicit action named after its
   * children (actions.ts `inferParentName`); `4 (start not logged)` for one with no name.
   */
  name: string;
  /** `00:00:18 of 00:02:00 · common`, `running · …`, `did not end · …`, `start and end not logged · …`. */
  detail: string;
  /** Every line of the action. */
  range: LineRange;
  /** The line to select: the start line (or the first line shown). */
  selectionLine: number;
  action: LogAction;
  children: OutlineSymbol[];
}

/** The lines an action covers on the document, or undefined when none is shown. */
export function actionLines(a: LogAction, map: LineMap): LineRange | undefined {
  const start = map.lineAtOrAfter(a.startIndex);
  if (start === undefined) return undefined;
  const end = a.lastIndex === undefined ? map.lineCount - 1 : map.lineAtOrBefore(a.lastIndex);
  if (end === undefined || end < start) return undefined;
  return { start, end };
}

/** One folding range per action spanning at least two lines, in document order. */
export function foldingRanges(tree: ActionTree, map: LineMap): ActionFoldingRange[] {
  const out: ActionFoldingRange[] = [];
  for (const a of tree.all) {
    const r = actionLines(a, map);
    if (r !== undefined && r.end > r.start) out.push({ start: r.start, end: r.end, action: a });
  }
  return out;
}

/** An action's Outline name (level and name: LAVA's `[\\w-]+`, made plain all the same). */
export function symbolName(a: LogAction): string {
  return plainLine(a.name === '' ? `${a.level} (start not logged)` : `${a.level} ${a.name}`, MAX_NAME);
}

/** The longest Outline name or namespace shown. */
const MAX_NAME = 200;

/**
 * `00:00:18 of 00:02:00 · common`; `running`, `did not end`; `start not logged` for implicit actions.
 * An action still open when the job ended says so (`did not end: the job ended first`); an implicit
 * one whose steps all ended (LAVA's finalize of a failed job) ran: only its lines are missing.
 */
export function symbolDetail(a: LogAction): string {
  const parts: string[] = [];
  const ranWithoutLines = a.implicit && a.state === 'did-not-end' && a.closedByJobEnd === true && allEnded(a.children);
  if (ranWithoutLines) parts.push('start and end not logged');
  else if (a.implicit && a.name !== '') parts.push('start not logged');
  if (a.state === 'ended') {
    if (a.durationSeconds !== undefined) {
      const d = Number.isInteger(a.durationSeconds) ? secondsToHms(a.durationSeconds) : `${a.durationSeconds} s`;
      parts.push(a.timeoutSeconds !== undefined ? `${d} of ${secondsToHms(a.timeoutSeconds)}` : d);
    }
  } else if (!ranWithoutLines) {
    if (a.state === 'running') parts.push('running');
    else parts.push(a.closedByJobEnd === true ? 'did not end: the job ended first' : 'did not end');
    if (a.timeoutSeconds !== undefined) parts.push(`timeout ${secondsToHms(a.timeoutSeconds)}`);
  }
  if (a.namespace !== undefined && a.namespace !== '') parts.push(plainLine(a.namespace, MAX_NAME)); // anything but `]` in the log
  return parts.join(' · ');
}

function allEnded(actions: readonly LogAction[]): boolean {
  return actions.length > 0 && actions.every((c) => c.state === 'ended');
}

/** The outline: one symbol per action with a line shown, nested like the pipeline. */
export function outlineSymbols(tree: ActionTree, map: LineMap): OutlineSymbol[] {
  return symbolsOf(tree.roots, map);
}

function symbolsOf(actions: readonly LogAction[], map: LineMap): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  for (const a of actions) {
    const range = actionLines(a, map);
    if (range === undefined) continue;
    out.push({
      name: symbolName(a),
      detail: symbolDetail(a),
      range,
      selectionLine: range.start,
      action: a,
      children: symbolsOf(a.children, map),
    });
  }
  return out;
}
