import { LavaError } from '../../net/errors';
import { parseJson } from '../../net/json';
import { JobHealth } from '../../follow/logSource';

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

export function parseRestJob(body: string): RestJob {
  const job = toRestJob(parseJson(body, 'The job answer'));
  if (!job) throw new LavaError('bad-response', 'The job answer is not a LAVA job (no id, state or health).');
  return job;
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
