// core/protocols/rest — the cheapest way to learn a job's state while following its log.
//
// LAVA's REST job object is ~4.3 kB (no ETag, no field selection); XML-RPC's
// `scheduler.job_state(id)` / `scheduler.job_health(id)` on /RPC2 answer ~350 bytes each
// (LAVA 2018.x and later). /RPC2 takes HTTP Basic `user:token` only (never `Token …`: a 400),
// so a token is sent there only with the server's user name, and only to URLs under the
// token's server. Without a user name it is asked anonymously: LAVA answers a public job's
// state to anyone and a fault 403 ("not available to user 'AnonymousUser'") for a private one.
// Whatever is not a state (a fault, a refusal, no /RPC2, a login page) makes the caller read the
// REST job object instead, for the rest of the follow.
import { LavaError } from '../../net/errors';
import { basicAuthorization, Credentials, FetchFn, fetchWithAuthorization, httpGet } from '../../net/http';
import { decodeResponse, encodeCall } from '../xmlrpc';
import { JobHealth } from '../../model/job';
import { JobState } from './restJob';

const STATES: readonly string[] = ['Submitted', 'Scheduling', 'Scheduled', 'Running', 'Canceling', 'Finished'];
const HEALTHS: readonly string[] = ['Unknown', 'Complete', 'Incomplete', 'Canceled'];
/** LAVA's answers are ~350 B; anything much bigger is not LAVA's. */
const MAX_ANSWER_BYTES = 64 * 1024;

export interface RpcStateOptions {
  fetch: FetchFn;
  serverUrl: string;
  jobId: string;
  timeoutMs: number;
  /** The token and the server it belongs to (sent as Basic only with `username`, only under `credentials.serverUrl`). */
  credentials?: Credentials;
  /** The token's user name on that server; without it /RPC2 is asked anonymously (public jobs). */
  username?: string;
  /** Called when /RPC2 refuses the token and user name it was sent (HTTP 401/403). */
  onRefused?: (status: number) => void;
}

/**
 * `scheduler.job_state` or `scheduler.job_health` of one job over XML-RPC; undefined when the
 * server does not answer it with a value LAVA gives (no /RPC2, a refusal, a fault such as 403
 * for a private job asked anonymously, an unknown value): the caller reads the REST job
 * instead. Transient failures (network, 5xx, timeouts) and aborts are thrown as they are.
 */
export async function rpcJobField(which: 'state', opts: RpcStateOptions, signal: AbortSignal): Promise<JobState | undefined>;
export async function rpcJobField(which: 'health', opts: RpcStateOptions, signal: AbortSignal): Promise<JobHealth | undefined>;
export async function rpcJobField(
  which: 'state' | 'health',
  opts: RpcStateOptions,
  signal: AbortSignal,
): Promise<JobState | JobHealth | undefined> {
  const struct = await rpcJobStruct(which, opts, signal);
  if (!struct) return undefined;
  const value = struct[`job_${which}`];
  if (typeof value !== 'string') return undefined;
  if (which === 'state') return STATES.includes(value) ? (value as JobState) : undefined;
  return HEALTHS.includes(value) ? (value as JobHealth) : undefined;
}

/** The struct `scheduler.job_<which>(jobId)` answers, or undefined (see rpcJobField). */
async function rpcJobStruct(
  which: 'state' | 'health',
  opts: RpcStateOptions,
  signal: AbortSignal,
): Promise<Record<string, unknown> | undefined> {
  const { credentials, username } = opts;
  // The token goes to /RPC2 only as Basic with the user name, and only under its server.
  const sendsToken = credentials !== undefined && username !== undefined && username !== '';
  const fetch = sendsToken
    ? fetchWithAuthorization(opts.fetch, credentials.serverUrl, basicAuthorization(username, credentials.token))
    : opts.fetch;
  let body: string;
  try {
    const res = await httpGet(`${opts.serverUrl}/RPC2`, {
      fetch,
      timeoutMs: opts.timeoutMs,
      signal,
      method: 'POST',
      body: encodeCall(`scheduler.job_${which}`, [opts.jobId]),
      contentType: 'text/xml',
      accept: '*/*',
      maxBodyBytes: MAX_ANSWER_BYTES,
    });
    body = res.body;
  } catch (err) {
    // Not there, refused, too large: no XML-RPC state here. Transient failures are the follower's.
    if (err instanceof LavaError && !err.transient && err.kind !== 'aborted' && err.kind !== 'internal') {
      if (sendsToken && (err.status === 401 || err.status === 403)) opts.onRefused?.(err.status);
      return undefined;
    }
    throw err;
  }
  let answer;
  try {
    answer = decodeResponse(body);
  } catch {
    return undefined; // a login page, a proxy's answer
  }
  if (answer.kind !== 'value' || typeof answer.value !== 'object' || answer.value === null || Array.isArray(answer.value)) return undefined;
  return answer.value as Record<string, unknown>;
}

/**
 * The integer id of MultiNode sub-job `opts.jobId` ("1234.1"): `scheduler.job_state` looks a
 * dotted id up by its sub_id (TestJob.get_by_job_number, LAVA 2023.01 and later) and answers
 * `{job_id, job_state, sub_id}`. Undefined when it does not answer that for this sub_id (the
 * caller finds the group over REST instead); transient failures and aborts are thrown.
 */
export async function rpcSubJobId(opts: RpcStateOptions, signal: AbortSignal): Promise<string | undefined> {
  const struct = await rpcJobStruct('state', opts, signal);
  const id = struct?.job_id;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) return undefined;
  return struct?.sub_id === opts.jobId ? String(id) : undefined;
}
