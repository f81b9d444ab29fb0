import { LavaError } from '../net/errors';
import { formatBody, FormatOptions, recordTime, showsLevel, withTime } from '../log/format';
import type { LogLine } from '../log/jobLog';
import type { LogRecord } from '../log/records';

/**
 * REST records as a job's channel shows them, on the sink's side of a follow. Each record is
 * formatted once: its body (format.ts `formatBody`) is set on its line, where the job's JobLog
 * takes it as it is (bench/README.md: parsing and formatting are most of a REST follow's cost);
 * the channel's text is that body with the user's time column in front, for the levels shown.
 */
export class RecordText {
  constructor(
    private readonly jobId: string,
    /** The channel's levels and time ('elapsed' takes its start from the job's first record, shown or not). */
    private readonly format: FormatOptions,
    /** Turns a record into its lines without their time (replaceable in tests). */
    private readonly formatter: (record: LogRecord) => string = formatBody,
  ) {}

  /**
   * Formats `lines` (each one's body set) and gives `show` the channel's text of them with the
   * lines. A record that cannot be formatted is a bug of ours, never skipped: the lines before it
   * are shown, then an 'internal' error naming its line is thrown (the follow ends with it).
   */
  take(lines: LogLine[], show: (text: string, lines: LogLine[]) => void): void {
    let text = '';
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      const record = line.record;
      try {
        line.body = this.formatter(record);
      } catch (err) {
        show(text, lines.slice(0, i));
        const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        throw new LavaError(
          'internal',
          `Internal error of LAVA Follow (please report it): line ${line.index} of job ${this.jobId}'s log could not be shown: ${what.slice(0, 300)}`,
        );
      }
      const time = recordTime(record, this.format);
      if (showsLevel(record.lvl, this.format)) text += withTime(line.body, time);
    }
    show(text, lines);
  }
}
