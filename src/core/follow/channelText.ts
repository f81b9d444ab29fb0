/**
 * Writes a job's log and the follower's own notices into one text stream
 * without ever splitting a log line: a notice that arrives in the middle of a
 * line waits until that line is complete. Notices start with NOTICE_PREFIX so
 * they are easy to tell (and colour, and filter) apart from the log.
 */
export const NOTICE_PREFIX = '[LAVA Follow] ';

export class ChannelText {
  private atLineStart = true;
  private pending: string[] = [];

  constructor(private readonly write: (text: string) => void) {}

  append(text: string): void {
    if (!text) return;
    if (this.pending.length > 0) {
      const eol = text.indexOf('\n');
      if (eol >= 0) {
        const notices = this.pending.join('');
        this.pending = [];
        text = text.slice(0, eol + 1) + notices + text.slice(eol + 1);
      }
    }
    this.write(text);
    this.atLineStart = text.endsWith('\n');
  }

  notice(message: string): void {
    const line = `${NOTICE_PREFIX}${message}\n`;
    if (this.atLineStart) this.write(line);
    else this.pending.push(line);
  }

  /** Writes notices still waiting for the end of a line (when the log ends without a newline). */
  flush(): void {
    if (this.pending.length === 0) return;
    this.write('\n' + this.pending.join(''));
    this.pending = [];
    this.atLineStart = true;
  }
}
