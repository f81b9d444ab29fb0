// core/submit — submit, cancel, resubmit a LAVA job and find MultiNode sub-jobs (REST API v0.2, LAVA 2023.01).
import { serverIntegerId, serverJobId } from '../config/jobRef';
import { LavaError } from '../net/errors';
import { httpGet, HttpResponse, isHtml, RequestOptions } from '../net/http';
import { tryParseJson } from '../net/json';
import { originOf } from '../net/urls';
import { restBase, restJobUrl } from '../protocols/rest/restUrls';
import { rpcSubJobId } from '../protocols/rest/jobState';
import { readDefinition } from './definition';
import { DefinitionProblem, parseSubmitMessage, problemAt } from './lavaPath';
import { fieldErrors, SubmitDeps, tokenFreeFetch } from './validate';
import { parseYaml } from '../yaml';
import { MAX_DEFINITION_CHARS, MAX_DEFINITION_ITEMS } from './definition';

export type { SubmitDeps } from './validate';

export type SubmitOutcome =
  /** Job ids as LAVA gives them: "9", or "12.0", "12.1" for MultiNode. */
  | { kind: 'submitted'; jobIds: string[]; message: string }
  /** A 400: LAVA's message, placed on the node it names. */
  | { kind: 'rejected'; message: string; problems: DefinitionProblem[] };

/** Statuses whose answers we word ourselves (others are httpGet's LavaErrors). */
const OWN_STATUSES = [400, 401, 403, 404, 405, 500];
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

function options(deps: SubmitDeps, more: Partial<RequestOptions> = {}): RequestOptions {
  return {
    fetch: tokenFreeFetch(deps),
    timeoutMs: deps.timeoutMs,
    signal: deps.signal,
    credentials: deps.credentials,
    maxBodyBytes: MAX_ANSWER_BYTES,
    ...more,
  };
}

/**
 * `POST /api/v0.2/jobs/` {"definition": text}. 201 → the job ids; 400 → `rejected` with LAVA's
 * message placed in the definition; 401/403 → an `unauthorized` LavaError (submitting needs a
 * token); anything else → a LavaError.
 */
export async function submitJob(serverUrl: string, definitionText: string, deps: SubmitDeps): Promise<SubmitOutcome> {
  const res = await httpGet(
    `${restBase(serverUrl)}/jobs/`,
    options(deps, { method: 'POST', body: JSON.stringify({ definition: definitionText }) }),
    OWN_STATUSES,
  );
  const body = tryParseJson(res.body);
  if (res.status === 400) {
    const message = fieldErrors(body) ?? `${originOf(serverUrl)} refused the definition (HTTP 400).`;
    const def = readDefinition(definitionText);
    const said = typeof (body as { message?: unknown } | undefined)?.message === 'string' ? parseSubmitMessage(message) : { message };
    return { kind: 'rejected', message, problems: [problemAt(def, said)] };
  }
  refuse(res, serverUrl, 'submit a job');
  return { kind: 'submitted', jobIds: jobIdsOf(res, 'The submit answer'), message: messageOf(body) ?? 'job(s) successfully submitted' };
}

/**
 * `GET /api/v0.2/jobs/{id}/cancel/` (LAVA 2023.01 cancels on GET; POST is 405): LAVA's message.
 * A dotted MultiNode id is resolved first (canceling one sub-job cancels the group). Only the
 * submitter or an admin may cancel a running job (403 otherwise); LAVA before 2025.10 answers an
 * unknown id with an HTTP 500 page, which we tell apart from a server failure by asking for the
 * job, 2025.10 and later with a 404.
 */
export async function cancelJob(serverUrl: string, id: string, deps: SubmitDeps): Promise<string> {
  const pk = await integerId(serverUrl, id, deps);
  const url = restJobUrl(serverUrl, pk, 'cancel/');
  let res = await httpGet(url, options(deps), OWN_STATUSES);
  if (res.status === 405 && /\bPOST\b/.test(res.headers.get('allow') ?? '')) {
    // a LAVA that cancels on POST only
    res = await httpGet(url, options(deps, { method: 'POST' }), OWN_STATUSES);
  }
  if (res.status === 500) {
    if (!(await jobExists(serverUrl, pk, deps))) {
      throw new LavaError('not-found', `No job ${pk} on ${originOf(serverUrl)} (LAVA answered its cancel with an HTTP 500 page).`, 500);
    }
    throw new LavaError('server', `${originOf(serverUrl)} failed canceling job ${pk} (HTTP 500).`, 500);
  }
  if (res.status === 404 && !isHtml(res.headers, res.body)) {
    // LAVA 2025.10 and later: DRF's NotFound for an unknown id
    throw new LavaError('not-found', `No job ${pk} on ${originOf(serverUrl)} (LAVA answered its cancel with HTTP 404).`, 404);
  }
  refuse(res, serverUrl, `cancel job ${pk}`);
  return messageOf(tryParseJson(res.body)) ?? 'Job cancel signal sent.';
}

/**
 * `POST /api/v0.2/jobs/{id}/resubmit/`: the new job ids (a MultiNode sub-job resubmits its whole
 * group: "14.0", "14.1"). Any user with a token may resubmit a job they can see.
 */
export async function resubmitJob(serverUrl: string, id: string, deps: SubmitDeps): Promise<string[]> {
  const pk = await integerId(serverUrl, id, deps);
  const res = await httpGet(restJobUrl(serverUrl, pk, 'resubmit/'), options(deps, { method: 'POST' }), OWN_STATUSES);
  if (res.status === 500) throw new LavaError('server', `${originOf(serverUrl)} failed resubmitting job ${pk} (HTTP 500).`, 500);
  refuse(res, serverUrl, `resubmit job ${pk}`);
  return jobIdsOf(res, 'The resubmit answer');
}

/** The definitions LAVA keeps for a job. */
export interface StoredDefinition {
  /** LAVA's re-dump of what was submitted (keys sorted, comments gone); a MultiNode sub-job's is its role's part. */
  definition: string;
  /** What was submitted (trimmed); for a resubmitted job, the old job's `definition`. */
  originalDefinition?: string;
  /** MultiNode: the whole submitted text (empty for single-node jobs). */
  multinodeDefinition?: string;
}

/** The job's `definition` (and `original_definition`, `multinode_definition`) from `GET /api/v0.2/jobs/{id}/`. */
export async function jobDefinition(serverUrl: string, id: string, deps: SubmitDeps): Promise<StoredDefinition> {
  const pk = await integerId(serverUrl, id, deps);
  const job = await getJob(serverUrl, pk, deps);
  if (typeof job.definition !== 'string')
    throw new LavaError('bad-response', `Job ${pk} has no definition in ${originOf(serverUrl)}'s answer.`);
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    definition: job.definition,
    originalDefinition: str(job.original_definition),
    multinodeDefinition: str(job.multinode_definition),
  };
}

// ---------------------------------------------------------------------------------------------
// MultiNode

/** One sub-job of a MultiNode group. */
export interface SubJob {
  /** The integer id the REST API serves ("13"). */
  id: string;
  /** LAVA's sub-job id ("12.1": the first sub-job's id and the sub_id). */
  subId: string;
  role: string;
}

export interface MultiNodeGroup {
  targetGroup: string;
  /** `group_size` from the definitions. */
  groupSize: number;
  /** In sub_id order; fewer than groupSize when some could not be found (not visible to us). */
  subJobs: SubJob[];
}

export type SubJobResolution = { kind: 'resolved'; id: string; role: string } | { kind: 'unresolved'; reason: string };

/**
 * The integer id LAVA serves for a MultiNode sub-job id "12.1". "12.0" is job 12 and "12.1" is
 * usually 13, but that is a convention: the first sub-job's definition names the group
 * (`protocols.lava-multinode.target_group`), and the group's jobs (list filters `target_group`,
 * else `id__gt`) say which one has `sub_id: 1`.
 */
export async function resolveSubJob(serverUrl: string, dottedId: string, deps: SubmitDeps): Promise<SubJobResolution> {
  const m = /^(\d+)\.(\d+)$/.exec(dottedId.trim());
  if (!m) return { kind: 'unresolved', reason: `"${dottedId}" is not a MultiNode sub-job id (like 12.1).` };
  const [first, sub] = [m[1], Number(m[2])];
  const direct = await resolveByJobState(serverUrl, dottedId.trim(), sub, deps);
  if (direct) return direct;
  let job: Record<string, unknown>;
  try {
    job = await getJob(serverUrl, first, deps);
  } catch (err) {
    if (err instanceof LavaError && err.kind === 'not-found') {
      return {
        kind: 'unresolved',
        reason: `Cannot resolve ${dottedId}: job ${first} is not on ${originOf(serverUrl)} (or not visible with this token).`,
      };
    }
    throw err;
  }
  const info = multinodeInfo(job);
  if (!info) return { kind: 'unresolved', reason: `Cannot resolve ${dottedId}: job ${first} is not a MultiNode job.` };
  if (info.subId !== 0) {
    return { kind: 'unresolved', reason: `Cannot resolve ${dottedId}: job ${first} is sub-job ${info.subId} of its group, not the first.` };
  }
  if (sub >= info.groupSize) {
    return { kind: 'unresolved', reason: `Cannot resolve ${dottedId}: job ${first}'s group has ${info.groupSize} sub-jobs.` };
  }
  if (sub === 0) return { kind: 'resolved', id: first, role: info.role };
  const group = await groupOf(serverUrl, Number(first), info, deps);
  const found = group.subJobs.find((j) => j.subId === `${first}.${sub}`);
  if (!found) {
    return {
      kind: 'unresolved',
      reason: `Cannot resolve ${dottedId}: no job of group ${info.targetGroup} with sub_id ${sub} is visible on ${originOf(serverUrl)}.`,
    };
  }
  return { kind: 'resolved', id: found.id, role: found.role };
}

/**
 * XML-RPC `scheduler.job_state("12.1")` names the sub-job's integer id (`job_id`); its REST job
 * gives the role. Undefined when XML-RPC does not tell (no /RPC2, a private job asked
 * anonymously, another sub_id): the group is then read over REST.
 */
async function resolveByJobState(
  serverUrl: string,
  dottedId: string,
  sub: number,
  deps: SubmitDeps,
): Promise<SubJobResolution | undefined> {
  const signal = deps.signal ?? new AbortController().signal;
  const opts = {
    fetch: deps.fetch,
    serverUrl,
    jobId: dottedId,
    timeoutMs: deps.timeoutMs,
    credentials: deps.credentials,
    username: deps.username,
  };
  const pk = await rpcSubJobId(opts, signal);
  if (pk === undefined) return undefined;
  let job: Record<string, unknown>;
  try {
    job = await getJob(serverUrl, pk, deps);
  } catch (err) {
    if (err instanceof LavaError && err.kind === 'not-found') return undefined;
    throw err;
  }
  const info = multinodeInfo(job);
  return info && info.subId === sub ? { kind: 'resolved', id: pk, role: info.role } : undefined;
}

/** All sub-jobs of the MultiNode job `id` (any of its sub-jobs, integer or dotted id); undefined for a single-node job. */
export async function subJobsOf(serverUrl: string, id: string, deps: SubmitDeps): Promise<MultiNodeGroup | undefined> {
  const pk = /^\d+\.\d+$/.test(id.trim()) ? id.trim().split('.')[0] : id.trim();
  const job = await getJob(serverUrl, pk, deps);
  const info = multinodeInfo(job);
  if (!info) return undefined;
  return groupOf(serverUrl, Number(pk) - info.subId, info, deps);
}

interface MultiNodeInfo {
  targetGroup: string;
  subId: number;
  role: string;
  groupSize: number;
}

/** `protocols.lava-multinode` of a job's stored `definition` (LAVA's split, one role). */
function multinodeInfo(job: Record<string, unknown>): MultiNodeInfo | undefined {
  if (typeof job.definition !== 'string') return undefined;
  let data: unknown;
  try {
    // Capped like a definition in the editor: a larger one (or one nested too deep) is followed as a
    // single job, its group unread, rather than holding up the editor while it is parsed.
    data = parseYaml(job.definition, {
      maxChars: MAX_DEFINITION_CHARS,
      maxItems: MAX_DEFINITION_ITEMS,
      what: 'The job definition',
      version: '1.1',
      logLevel: 'silent',
    });
  } catch {
    return undefined;
  }
  const mn = (data as { protocols?: { 'lava-multinode'?: Record<string, unknown> } } | null)?.protocols?.['lava-multinode'];
  if (!mn || typeof mn.target_group !== 'string') return undefined;
  return {
    targetGroup: mn.target_group,
    subId: typeof mn.sub_id === 'number' ? mn.sub_id : Number(mn.sub_id ?? NaN),
    role: typeof mn.role === 'string' ? mn.role : '',
    groupSize: typeof mn.group_size === 'number' ? mn.group_size : 0,
  };
}

/**
 * The jobs of a group: `?target_group=<uuid>` (works on 2023.01), then, when that misses some
 * (a server ignoring the filter), the jobs from the first sub-job on (`?id__gt=`). Every job is
 * checked against its own definition's target_group.
 */
async function groupOf(serverUrl: string, firstHint: number, info: MultiNodeInfo, deps: SubmitDeps): Promise<MultiNodeGroup> {
  const size = Math.max(1, info.groupSize);
  const limit = Math.min(size + 10, 500);
  const members = new Map<number, { pk: string; role: string }>();
  const collect = (jobs: Record<string, unknown>[]) => {
    for (const j of jobs) {
      const mi = multinodeInfo(j);
      const pk = serverIntegerId(j.id); // it becomes a followed job's id and URL path
      if (pk && mi && mi.targetGroup === info.targetGroup && Number.isInteger(mi.subId) && mi.subId >= 0 && !members.has(mi.subId)) {
        members.set(mi.subId, { pk, role: mi.role });
      }
    }
  };
  const q = (params: Record<string, string>) => `${restBase(serverUrl)}/jobs/?${new URLSearchParams(params).toString()}`;
  collect(await listRaw(q({ target_group: info.targetGroup, ordering: 'id', limit: String(limit) }), deps));
  if (members.size < size && Number.isFinite(firstHint)) {
    collect(await listRaw(q({ id__gt: String(firstHint - 1), ordering: 'id', limit: String(limit) }), deps));
  }
  const first = members.get(0)?.pk ?? String(firstHint);
  const subJobs = [...members.entries()]
    .sort(([a], [b]) => a - b)
    .map(([subId, m]) => ({ id: m.pk, subId: `${first}.${subId}`, role: m.role }));
  return { targetGroup: info.targetGroup, groupSize: info.groupSize, subJobs };
}

async function listRaw(url: string, deps: SubmitDeps): Promise<Record<string, unknown>[]> {
  const res = await httpGet(url, options(deps));
  const page = tryParseJson(res.body) as { results?: unknown } | undefined;
  if (!page || !Array.isArray(page.results)) throw new LavaError('bad-response', 'The job list is not a LAVA job list (no results).');
  return page.results.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null);
}

// ---------------------------------------------------------------------------------------------

/** A job id the REST API serves: an integer id as it is, a dotted MultiNode id resolved. */
export async function integerId(serverUrl: string, id: string, deps: SubmitDeps): Promise<string> {
  const s = id.trim();
  if (/^\d+$/.test(s)) return s;
  if (/^\d+\.\d+$/.test(s)) {
    const r = await resolveSubJob(serverUrl, s, deps);
    if (r.kind === 'resolved') return r.id;
    throw new LavaError('not-found', r.reason);
  }
  throw new LavaError('internal', `"${id}" is not a LAVA job id.`);
}

async function getJob(serverUrl: string, pk: string, deps: SubmitDeps): Promise<Record<string, unknown>> {
  let res: HttpResponse;
  try {
    res = await httpGet(restJobUrl(serverUrl, pk), options(deps));
  } catch (err) {
    if (err instanceof LavaError && err.kind === 'not-found') {
      throw new LavaError('not-found', `No job ${pk} on ${originOf(serverUrl)} (or it is private: a token may be needed).`, 404);
    }
    throw err;
  }
  const job = tryParseJson(res.body);
  if (typeof job !== 'object' || job === null || Array.isArray(job))
    throw new LavaError('bad-response', `The answer for job ${pk} is not JSON.`);
  return job as Record<string, unknown>;
}

async function jobExists(serverUrl: string, pk: string, deps: SubmitDeps): Promise<boolean> {
  try {
    await getJob(serverUrl, pk, deps);
    return true;
  } catch (err) {
    if (err instanceof LavaError && err.kind === 'not-found') return false;
    throw err;
  }
}

/** 4xx/5xx answers we let through httpGet, as LavaErrors worded for `what` ("cancel job 9"). */
export function refuse(res: HttpResponse, serverUrl: string, what: string): void {
  if (res.status >= 200 && res.status < 300) return;
  const origin = originOf(serverUrl);
  const said = fieldErrors(tryParseJson(res.body));
  const lava = said ? ` (LAVA: ${said})` : isHtml(res.headers, res.body) ? ' (an HTML page)' : '';
  if (res.status === 401 || res.status === 403) {
    let why: string;
    if (/credentials were not provided/i.test(said ?? '')) why = `${origin} needs a token to ${what}: set one.`;
    else if (/invalid token/i.test(said ?? '')) why = `${origin} refused the token: set it again.`;
    else if (/permission/i.test(said ?? ''))
      why = `You may not ${what} on ${origin}: only its submitter or an admin may (with no token you are anonymous).`;
    else why = `${origin} refused to let you ${what}.`;
    throw new LavaError('unauthorized', `${why}${lava}`, res.status);
  }
  if (res.status === 404) throw new LavaError('not-found', `Cannot ${what}: not found on ${origin}${lava}.`, 404);
  if (res.status === 405) throw new LavaError('http', `${origin} does not allow the request we sent to ${what} (HTTP 405)${lava}.`, 405);
  if (res.status >= 500) throw new LavaError('server', `${origin} failed to ${what} (HTTP ${res.status}).`, res.status);
  throw new LavaError('http', `${origin} refused to ${what} (HTTP ${res.status})${lava}.`, res.status);
}

function messageOf(body: unknown): string | undefined {
  const m = (body as { message?: unknown } | null | undefined)?.message;
  return typeof m === 'string' ? m : undefined;
}

/** `job_ids` of a 201: integers (single-node) or "12.0"-like strings (MultiNode), as strings. */
function jobIdsOf(res: HttpResponse, what: string): string[] {
  const ids = (tryParseJson(res.body) as { job_ids?: unknown } | undefined)?.job_ids;
  if (!Array.isArray(ids) || ids.length === 0) throw new LavaError('bad-response', `${what} has no job ids.`, res.status);
  return ids.map((v) => {
    const id = serverJobId(v);
    if (id !== undefined) return id;
    throw new LavaError('bad-response', `${what} has a job id that is not one: ${JSON.stringify(v).slice(0, 40)}.`, res.status);
  });
}
