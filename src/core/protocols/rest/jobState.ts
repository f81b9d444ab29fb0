// core/protocols/rest — the cheapest way to learn a job's state while following its log.
//
// LAVA's REST job object is ~4.3 kB (no ETag, no field selection); XML-RPC's
// `scheduler.job_state(id)` / `scheduler.job_health(id)` on /RPC2 answer ~350 bytes each
// (LAVA 2018.x and later; HTTP Basic user:token, anonymous for public jobs). The REST
// object stays the fallback: a server without /RPC2, or one that refuses the call (a private
// job asked anonymously), is read over REST from then on.
import { LavaError } from '../../net/errors';
import { FetchFn, httpGet } from '../../net/http';
import { decodeResponse, encodeCall } from '../../submit/xmlrpc';
import { JobHealth } from '../../follow/logSource';
import { JobState } from './restJob';

const STATES: readonly string[] = ['Submitted', 'Scheduling', 'Scheduled', 'Running', 'Canceling', 'Finished'];
const HEALTHS: readonly string[] = ['Unknown', 'Complete', 'Incomplete', 'Canceled'];

export interface RpcStateOptions {
  fetch: FetchFn;
  serverUrl: string;
  jobId: string;
  timeoutMs: number;
  /** HTTP Basic `user:token` (the only authentication /RPC2 takes); anonymous without it. */
  basic?: { user: string; token: string };
}

/**
 * `scheduler.job_state` or `scheduler.job_health` of one job over XML-RPC; undefined when the
 * server does not answer it as LAVA does (no /RPC2, a fault, an unknown value): the caller
 * reads the REST job instead. Network failures and aborts are thrown as they are.
 */
export async function rpcJobField(which: 'state', opts: RpcStateOptions, signal: AbortSignal): Promise<JobState | undefined>;
export async function rpcJobField(which: 'health', opts: RpcStateOptions, signal: AbortSignal): Promise<JobHealth | undefined>;
export async function rpcJobField(
  which: 'state' | 'health',
  opts: RpcStateOptions,
  signal: AbortSignal,
): Promise<JobState | JobHealth | undefined> {
  const url = `${opts.serverUrl}/RPC2`;
  const fetch: FetchFn = opts.basic
    ? (input, init) => {
        const value = `Basic ${Buffer.from(`${opts.basic!.user}:${opts.basic!.token}`, 'utf8').toString('base64')}`;
        return opts.fetch(input, { ...init, headers: { ...((init?.headers as Record<string, string>) ?? {}), Authorization: value } });
      }
    : opts.fetch;
  let body: string;
  try {
    const res = await httpGet(url, {
      fetch,
      timeoutMs: opts.timeoutMs,
      signal,
      method: 'POST',
      body: encodeCall(`scheduler.job_${which}`, [opts.jobId]),
      contentType: 'text/xml',
      accept: '*/*',
      maxBodyBytes: 64 * 1024,
    });
    body = res.body;
  } catch (err) {
    // Not there, refused, redirected to a login page: no XML-RPC here. Transient failures are the follower's.
    if (err instanceof LavaError && !err.transient && err.kind !== 'aborted') return undefined;
    throw err;
  }
  let answer;
  try {
    answer = decodeResponse(body);
  } catch {
    return undefined;
  }
  if (answer.kind !== 'value' || typeof answer.value !== 'object' || answer.value === null || Array.isArray(answer.value)) return undefined;
  const value = answer.value[`job_${which}`];
  if (typeof value !== 'string') return undefined;
  if (which === 'state') return STATES.includes(value) ? (value as JobState) : undefined;
  return HEALTHS.includes(value) ? (value as JobHealth) : undefined;
}
