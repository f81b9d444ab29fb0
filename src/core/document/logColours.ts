import type { JobLog } from '../log/jobLog';
import type { LineMap } from '../log/lineMap';

/** A styled range on the document: its line, start and end columns, and its style (JobLog.styles). */
export interface ColourRange {
  line: number;
  start: number;
  end: number;
  style: number;
}

/** The most ranges one pass gives (a window of a few thousand lines of a very colourful log). */
export const MAX_RANGES_PER_PASS = 20000;

/** The records one pass looks at (shown or hidden by the levels). */
const MAX_RECORDS = 200000;

/**
 * The board's colours on the document lines `fromLine..toLine` (inclusive) of a job log rendered
 * with `lines`: each record's styled ranges (JobLog.spansOf) moved past the line's time column,
 * which is what the document line holds in front of the record's own line (`lineText` gives a
 * document line as the editor has it: a line that does not end with the record's line, a
 * document not handed over yet, gets no colour). Work is bounded by the window and `max`, never by the log's size
 * (one binary search for the first record).
 */
export function colourRanges(
  log: JobLog,
  lines: LineMap,
  fromLine: number,
  toLine: number,
  lineText: (line: number) => string | undefined,
  max = MAX_RANGES_PER_PASS,
): ColourRange[] {
  const out: ColourRange[] = [];
  if (log.kind !== 'records' || log.styles.size === 0) return out;
  const last = Math.min(toLine, lines.lineCount - 1);
  let record = lines.recordAtOrBefore(Math.max(0, fromLine));
  if (record === undefined) return out;
  // Records hidden by the levels shown are skipped; at most MAX_RECORDS of them a pass.
  for (let visited = 0; record < lines.recordCount && visited < MAX_RECORDS; record++, visited++) {
    const first = lines.firstLine(record);
    if (first === undefined) continue; // not shown
    if (first > last) break;
    const spans = log.spansOf(record);
    if (spans.length === 0) continue;
    const body = log.body(record);
    const nl = body.indexOf('\n');
    const bodyLines = nl === body.length - 1 ? [body.slice(0, nl)] : body.split('\n');
    for (let k = 0; k < spans.length; k += 4) {
      const line = first + spans[k];
      if (line < fromLine || line > last) continue;
      const own = bodyLines[spans[k]];
      if (own === undefined) continue;
      const text = lineText(line);
      if (text === undefined || !text.endsWith(own)) continue;
      const column = text.length - own.length; // the time column and its space
      out.push({ line, start: column + spans[k + 1], end: column + spans[k + 2], style: spans[k + 3] });
      if (out.length >= max) return out;
    }
  }
  return out;
}
