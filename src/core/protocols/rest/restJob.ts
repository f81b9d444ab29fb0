import { LavaError } from '../../net/errors';
import { parseJson } from '../../net/json';
import { JobHealth } from '../../model/job';

/** The fields of `GET /api/v0.2/jobs/{id}/` the follower uses. */
export interface RestJob {
  id: number;
  description: string;
  submitter: string;
  state: JobState;
  health: JobHealth;
  actual_device: string | null;
  requested_device_type: string | null;
  submit_time: string | null;
  start_time: string | null;
  end_time: string | null;
  failure_comment: string | null;
}

export type JobState = 'Submitted' | 'Scheduling' | 'Scheduled' | 'Running' | 'Canceling' | 'Finished';

const STATES: readonly string[] = ['Submitted', 'Scheduling', 'Scheduled', 'Running', 'Canceling', 'Finished'];
const HEALTHS: readonly string[] = ['Unknown', 'Complete', 'Incomplete', 'Canceled'];

export function isQueued(state: JobState): boolean {
  return state === 'Submitted' || state === 'Scheduling' || state === 'Scheduled';
}

/**
 * The job of `GET /api/v0.2/jobs/{id}/`, or a `bad-response` LavaError saying what came
 * back instead: not JSON, not a job, or a state / health this version does not know
 * (a newer LAVA): the follower retries it a few times, then the follow ends with it.
 */
export function parseRestJob(body: string): RestJob {
  const value = parseJson(body, 'The job answer');
  const job = toRestJob(value);
  if (job) return job;
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof v.id === 'number' && 'state' in v && 'health' in v) {
    const odd = [
      STATES.includes(v.state as string) ? '' : `state ${describe(v.state)}`,
      HEALTHS.includes(v.health as string) ? '' : `health ${describe(v.health)}`,
    ].filter(Boolean);
    throw new LavaError(
      'bad-response',
      `LAVA says job ${v.id} has ${odd.join(' and ')}, which LAVA Follow does not know (known states: ${STATES.join(', ')}; healths: ${HEALTHS.join(', ')}).`,
    );
  }
  throw new LavaError('bad-response', `The job answer is not a LAVA job (no id, state or health): ${preview(body)}`);
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value.slice(0, 40)}"` : (JSON.stringify(value)?.slice(0, 40) ?? String(value));
}

/** The start of a body, on one line, for a message. */
export function preview(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat || '(empty)';
}

/** A job object of the REST API (one job, or an entry of the job list); undefined when it is not one. */
export function toRestJob(value: unknown): RestJob | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'number' || !STATES.includes(v.state as string) || !HEALTHS.includes(v.health as string)) return undefined;
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : null);
  return {
    id: v.id,
    description: str('description') ?? '',
    submitter: str('submitter') ?? '',
    state: v.state as JobState,
    health: v.health as JobHealth,
    actual_device: str('actual_device'),
    requested_device_type: str('requested_device_type'),
    submit_time: str('submit_time'),
    start_time: str('start_time'),
    end_time: str('end_time'),
    failure_comment: str('failure_comment'),
  };
}
