import { FormatOptions } from '../log/format';
import { JobLog } from '../log/jobLog';
import { LineMap } from '../log/lineMap';

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
 * records formatted as in the channel, or the log-tail text. Rendered from what the log keeps
 * of each record each time (JobLog), so the extension holds the log once, not the text twice.
 */
export function renderLog(log: JobLog, format: FormatOptions): RenderedLog {
  const lines = new LineMap(Math.max(16, log.recordCount));
  if (log.kind !== 'records') {
    return { text: log.text(), lines, records: 0 };
  }
  const records = log.recordCount;
  return { text: log.render(format, lines), lines, records };
}
