// Watch My Jobs: the end of any job of the token's user, wherever it was submitted (CI, lavacli,
// the web UI), read from `.testjob` events: LAVA sends one when a job's state or health changes,
// with `submitter` = the job's owner, so a job's Finished event is its end.
import type { JobEvent, LavaEvent } from './lavaEvent';

/** Jobs remembered as told, so a repeated Finished event (a later save) is not told twice. */
const REMEMBERED = 1000;

/** The ends of one user's jobs on one server, each once. */
export class MyJobEnds {
  private readonly told = new Set<string>();

  constructor(private readonly username: string) {}

  /** The event when it is the end of one of the user's jobs not told yet. */
  ended(event: LavaEvent): JobEvent | undefined {
    if (event.kind !== 'job' || event.state !== 'Finished' || event.submitter !== this.username || this.username === '') return undefined;
    if (this.told.has(event.job)) return undefined;
    this.told.add(event.job);
    if (this.told.size > REMEMBERED) this.told.delete(this.told.values().next().value as string);
    return event;
  }
}

/** A Running event of the user's job (quiet detection watches it while it runs). */
export function isMyRunningJob(event: LavaEvent, username: string): event is JobEvent {
  return event.kind === 'job' && event.submitter === username && username !== '' && event.state === 'Running';
}
