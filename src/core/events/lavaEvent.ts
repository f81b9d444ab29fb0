// The contract between LAVA's event stream (core/events) and its users (the LAVA view, follows, Watch My Jobs).
// Every string here is server text: untrusted, shown only through core/untrusted.
import type { LavaError } from '../net/errors';

/**
 * One `.testjob` event (lava_scheduler_app/signals.py `testjob_post_handler`): sent when a job's
 * state or health changes, and for every save while it is Submitted.
 */
export interface JobEvent {
  kind: 'job';
  /** LAVA's job id as text (`"12"`); a MultiNode sub-job's id is its own integer too. */
  job: string;
  state: string;
  health: string;
  description: string;
  submitter: string;
  /** The frame's datetime (UTC, ISO 8601 without zone, as LAVA sends it). */
  at: string;
  deviceType?: string;
  device?: string;
  worker?: string;
  submitTime?: string;
  startTime?: string;
  endTime?: string;
  /** MultiNode: `"12.0"`. */
  subId?: string;
  healthCheck?: boolean;
  priority?: number;
}

/** One `.device` event (`device_post_handler`): a device's state or health changed. */
export interface DeviceEvent {
  kind: 'device';
  device: string;
  deviceType: string;
  state: string;
  health: string;
  at: string;
  worker?: string;
  /** The device's current job (`display_id`: `"12"` or `"12.1"`). */
  job?: string;
}

/** One `.worker` event (`worker_post_handler`). */
export interface WorkerEvent {
  kind: 'worker';
  worker: string;
  state: string;
  health: string;
  at: string;
}

export type LavaEvent = JobEvent | DeviceEvent | WorkerEvent;

/** Where one server's event stream is. */
export type EventStreamState =
  /** Events are off for this server (setting `off`, or EVENT_NOTIFICATION false on the server). */
  | { kind: 'off'; reason: 'setting' | 'server' }
  | { kind: 'connecting' }
  | { kind: 'up' }
  /** Down: reconnecting at `retryAt` (clock ms); polling covers meanwhile. */
  | { kind: 'down'; error: LavaError; retryAt: number }
  /** The server refused our credentials (`{"error": …}` frame then close): not retried until settings or token change. */
  | { kind: 'refused'; message: string };

/** What the LAVA view and follows see of one server's event stream. */
export interface ServerEvents {
  readonly state: EventStreamState;
  /** Each well-formed event, in order. Returns a function that removes the listener. */
  onEvent(listener: (event: LavaEvent) => void): () => void;
  onState(listener: (state: EventStreamState) => void): () => void;
}
