import { FormatOptions, formatRecord } from '../log/format';
import { JobLog } from '../log/jobLog';
import { LineMap } from '../log/lineMap';
import { sanitizeLogText } from '../log/sanitize';

/** A rendering of a job's log for one document: its text and where each record landed. */
export interface RenderedLog {
  text: string;
  /** Record index ↔ document line (REST logs; empty for log-tail text). */
  lines: LineMap;
  /** Records rendered (the log may have grown since). */
  records: number;
}

/**
 * The whole document for `log` with `format` (levels and time of this document): the
 * records formatted as in the channel, or the log-tail text. Rendered from the log's raw
 * lines each time, so the extension holds the log once, not the text twice.
 */
export function renderLog(log: JobLog, format: FormatOptions): RenderedLog {
  const lines = new LineMap(Math.max(16, log.recordCount));
  if (log.kind !== 'records') {
    return { text: log.text(), lines, records: 0 };
  }
  const count = log.recordCount;
  const parts: string[] = [];
  // A copy: with time 'elapsed' and no startMs, formatting sets it from the log's first record.
  const opts: FormatOptions = { ...format };
  for (let i = 0; i < count; i++) {
    const rec = log.record(i);
    const text = rec.lvl === 'blank' ? '' : sanitizeLogText(formatRecord(rec, opts));
    lines.appendFormatted(text);
    if (text) parts.push(text);
  }
  return { text: parts.join(''), lines, records: count };
}
