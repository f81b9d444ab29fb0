// A followed job's state from its server's event stream, so the follow reads it from the server only when
// the stream cannot vouch for it (RestSource `knownState`), and polls at once when an event says it changed.
import type { JobState } from '../protocols/rest/restJob';
import type { StateRead } from '../protocols/rest/restSource';
import type { Clock } from '../util/clock';
import type { LavaEvent, ServerEvents } from './lavaEvent';

const JOB_STATES: ReadonlySet<string> = new Set<JobState>(['Submitted', 'Scheduling', 'Scheduled', 'Running', 'Canceling', 'Finished']);

/**
 * The stream vouches for a job's state while it has been up without a break since the state was
 * learnt (read from the server after it came up, or told by an event since): LAVA sends an event at
 * every change of a job's state, so no event since means no change. A stream that went down may
 * have missed one: the next state is read again.
 */
export class JobStateFeed {
  private stream?: ServerEvents;
  private unsubscribe: (() => void)[] = [];
  /** When the stream came up (clock ms); undefined while it is not up. */
  private upSince?: number;
  /** The state the last event for this job told, and the `upSince` it came in. */
  private told?: { state: JobState; upSince: number };

  constructor(
    private readonly jobId: string,
    private readonly events: () => ServerEvents | undefined,
    private readonly clock: Clock,
    /** An event for this job: its state changed (the follow polls at once). */
    private readonly onChange: () => void,
  ) {}

  /** Listens to the server's stream now (and to its next one when the server's stream is replaced). */
  attach(): void {
    const stream = this.events();
    if (stream === this.stream) return;
    this.detach();
    this.stream = stream;
    if (!stream) return;
    this.upSince = stream.state.kind === 'up' ? this.clock.now() : undefined;
    this.unsubscribe = [
      stream.onState((state) => {
        if (state.kind !== 'up') this.upSince = undefined;
        else this.upSince ??= this.clock.now();
      }),
      stream.onEvent((event) => this.onEvent(event)),
    ];
  }

  /** The job's state when the stream vouches for it; undefined when it must be read. */
  knownState(lastRead?: StateRead): JobState | undefined {
    this.attach();
    const upSince = this.upSince;
    if (upSince === undefined || this.stream?.state.kind !== 'up') return undefined;
    if (this.told && this.told.upSince === upSince) return this.told.state;
    if (lastRead && lastRead.at >= upSince) return lastRead.state;
    return undefined;
  }

  detach(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    this.stream = undefined;
    this.upSince = undefined;
  }

  private onEvent(event: LavaEvent): void {
    if (event.kind !== 'job' || event.job !== this.jobId || !JOB_STATES.has(event.state) || this.upSince === undefined) return;
    this.told = { state: event.state as JobState, upSince: this.upSince };
    this.onChange();
  }
}
