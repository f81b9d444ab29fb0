// LAVA's event frames as lava-publisher sends them on its WebSocket (`/ws/`).
//
// lava_scheduler_app/signals.py builds each event as a ZMQ multipart message
// `[topic, uuid, datetime, username, data]` (topic = EVENT_TOPIC + ".testjob" | ".device" | ".worker",
// datetime = utcnow().isoformat(), data = simplejson.dumps(fields)); lava-publisher decodes the parts
// and sends them as one JSON array per text frame (`ws.send_json`), so `data` arrives as a JSON string
// inside the array. From 2023.02 a socket whose `Authorization` the publisher refuses gets one frame
// `{"error": "..."}` and a close. Everything here is server text: bounded, checked, never trusted.
import type { DeviceEvent, JobEvent, LavaEvent, WorkerEvent } from './lavaEvent';

/** The largest frame read (`ws`'s maxPayload: a larger one closes the socket before it is buffered). */
export const MAX_FRAME_BYTES = 64 * 1024;
/** The longest text kept from one field (LAVA's description is at most 200 characters). */
export const MAX_FIELD_CHARS = 1024;

export type FrameResult =
  | { kind: 'event'; event: LavaEvent }
  /** A well-formed frame of a topic we do not use (another prefix, `.event`, a future topic). */
  | { kind: 'ignored' }
  | { kind: 'malformed'; why: string }
  /** The server refused our credentials. */
  | { kind: 'refused'; message: string };

/**
 * Parses one text frame. `topicPrefix`: the server's EVENT_TOPIC (master_config); undefined when
 * it is not known (an events URL set by hand and no master_config): then any topic ending in
 * `.testjob`, `.device` or `.worker` is taken.
 */
export function parseFrame(text: string, topicPrefix: string | undefined): FrameResult {
  if (text.length > MAX_FRAME_BYTES) return malformed('too large');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return malformed('not JSON');
  }
  if (isRecord(value) && !Array.isArray(value)) {
    const error = value.error;
    if (error !== undefined) return { kind: 'refused', message: typeof error === 'string' ? bounded(error) : '' };
    return malformed('an object that is not an error');
  }
  if (!Array.isArray(value) || value.length !== 5 || !value.every((part) => typeof part === 'string')) {
    return malformed('not [topic, uuid, datetime, username, data]');
  }
  const [topic, , at, , rawData] = value as string[];
  const kind = topicKind(topic, topicPrefix);
  if (!kind) return { kind: 'ignored' };
  let data: unknown;
  try {
    data = JSON.parse(rawData);
  } catch {
    return malformed('data is not JSON');
  }
  if (!isRecord(data) || Array.isArray(data)) return malformed('data is not an object');
  const event = kind === 'job' ? jobEvent(data, at) : kind === 'device' ? deviceEvent(data, at) : workerEvent(data, at);
  return event ? { kind: 'event', event } : malformed(`a ${kind} event without its fields`);
}

function topicKind(topic: string, prefix: string | undefined): LavaEvent['kind'] | undefined {
  const dot = topic.lastIndexOf('.');
  if (dot <= 0) return undefined;
  if (prefix !== undefined && topic.slice(0, dot) !== prefix) return undefined;
  const suffix = topic.slice(dot + 1);
  return suffix === 'testjob' ? 'job' : suffix === 'device' ? 'device' : suffix === 'worker' ? 'worker' : undefined;
}

function jobEvent(d: Record<string, unknown>, at: string): JobEvent | undefined {
  const job = id(d.job);
  const state = text(d.state);
  const health = text(d.health);
  if (job === undefined || state === undefined || health === undefined) return undefined;
  const event: JobEvent = {
    kind: 'job',
    job,
    state,
    health,
    description: text(d.description) ?? '',
    submitter: text(d.submitter) ?? '',
    at: bounded(at),
  };
  const optional: [keyof JobEvent, string | undefined][] = [
    ['deviceType', text(d.device_type)],
    ['device', text(d.device)],
    ['worker', text(d.worker)],
    ['submitTime', text(d.submit_time)],
    ['startTime', text(d.start_time)],
    ['endTime', text(d.end_time)],
    ['subId', id(d.sub_id)],
  ];
  for (const [key, value] of optional) if (value !== undefined) (event as unknown as Record<string, unknown>)[key] = value;
  if (typeof d.health_check === 'boolean') event.healthCheck = d.health_check;
  if (typeof d.priority === 'number' && Number.isFinite(d.priority)) event.priority = d.priority;
  return event;
}

function deviceEvent(d: Record<string, unknown>, at: string): DeviceEvent | undefined {
  const device = text(d.device);
  const deviceType = text(d.device_type);
  const state = text(d.state);
  const health = text(d.health);
  if (device === undefined || deviceType === undefined || state === undefined || health === undefined) return undefined;
  const event: DeviceEvent = { kind: 'device', device, deviceType, state, health, at: bounded(at) };
  const worker = text(d.worker); // null when the device has no worker
  if (worker !== undefined) event.worker = worker;
  const job = id(d.job); // display_id: 12 (a number on 2023.01) or "12.1"
  if (job !== undefined) event.job = job;
  return event;
}

function workerEvent(d: Record<string, unknown>, at: string): WorkerEvent | undefined {
  const worker = text(d.hostname);
  const state = text(d.state);
  const health = text(d.health);
  if (worker === undefined || state === undefined || health === undefined) return undefined;
  return { kind: 'worker', worker, state, health, at: bounded(at) };
}

/** A job id: a non-negative integer, or its text (`"12"`, MultiNode `"12.1"`). */
function id(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
  if (typeof value === 'string' && /^\d{1,15}(\.\d{1,6})?$/.test(value)) return value;
  return undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? bounded(value) : undefined;
}

function bounded(value: string): string {
  return value.length > MAX_FIELD_CHARS ? value.slice(0, MAX_FIELD_CHARS) : value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function malformed(why: string): FrameResult {
  return { kind: 'malformed', why };
}
