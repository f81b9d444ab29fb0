// core/submit — canceling several jobs at once: LAVA 2024.09's `POST /api/v0.2/jobs/batch_cancel/`
// ({"job_ids": [...]} → {"message", "job_ids": canceled, "invalid_job_ids": unknown or not allowed}),
// one `cancel/` per job on servers without it (404 or 405 there).
import { LavaError } from '../net/errors';
import { httpGet } from '../net/http';
import { tryParseJson } from '../net/json';
import { originOf } from '../net/urls';
import { restBase } from '../protocols/rest/restUrls';
import { cancelJob, integerId, refuse, SubmitDeps } from './jobActions';

export interface CancelManyOutcome {
  /** The ids (as given) LAVA accepted to cancel. */
  canceled: string[];
  /** The ids it did not cancel, each with why (LAVA's batch answer does not tell unknown from not allowed). */
  refused: { id: string; reason: string }[];
  /** `batch`: one batch_cancel request; `one-by-one`: a cancel/ per job (an older LAVA). */
  via: 'batch' | 'one-by-one';
}

/** At most this many ids per request (a MultiNode group, a few picked jobs; LAVA sets no limit). */
const BATCH = 100;
const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * Cancels `ids` (integer or dotted MultiNode ids): with batch_cancel where the server has it,
 * else one by one. A failure of the whole request (network, token refused) is thrown; a job
 * LAVA does not cancel is in `refused`.
 */
export async function cancelJobs(serverUrl: string, ids: readonly string[], deps: SubmitDeps): Promise<CancelManyOutcome> {
  const pks: { id: string; pk: string }[] = [];
  const refused: { id: string; reason: string }[] = [];
  for (const id of ids) {
    try {
      pks.push({ id, pk: await integerId(serverUrl, id, deps) });
    } catch (err) {
      if (!(err instanceof LavaError) || err.transient || err.kind === 'aborted') throw err;
      refused.push({ id, reason: err.message });
    }
  }
  const canceled: string[] = [];
  for (let i = 0; i < pks.length; i += BATCH) {
    const part = pks.slice(i, i + BATCH);
    const said = await batchCancel(
      serverUrl,
      part.map((p) => p.pk),
      deps,
    );
    if (said === 'absent') return oneByOne(serverUrl, pks, refused, deps);
    for (const p of part) {
      if (said.canceled.has(p.pk)) canceled.push(p.id);
      else refused.push({ id: p.id, reason: `LAVA did not cancel job ${p.pk}: it is not there, or you may not cancel it.` });
    }
  }
  return { canceled, refused, via: 'batch' };
}

/** One batch_cancel request: the pks LAVA says it canceled, or 'absent' when the server has no batch_cancel. */
async function batchCancel(serverUrl: string, pks: string[], deps: SubmitDeps): Promise<{ canceled: Set<string> } | 'absent'> {
  const res = await httpGet(
    `${restBase(serverUrl)}/jobs/batch_cancel/`,
    {
      fetch: deps.fetch,
      timeoutMs: deps.timeoutMs,
      signal: deps.signal,
      credentials: deps.credentials,
      method: 'POST',
      body: JSON.stringify({ job_ids: pks.map(Number) }),
      maxBodyBytes: MAX_ANSWER_BYTES,
    },
    [401, 403, 404, 405],
  );
  // Before 2024.09 the path is a job detail route ("batch_cancel" as an id): 404 or 405.
  if (res.status === 404 || res.status === 405) return 'absent';
  refuse(res, serverUrl, 'cancel jobs');
  const body = tryParseJson(res.body) as { job_ids?: unknown; invalid_job_ids?: unknown } | undefined;
  if (!body || !Array.isArray(body.job_ids) || !Array.isArray(body.invalid_job_ids)) {
    throw new LavaError(
      'bad-response',
      `The batch cancel answer of ${originOf(serverUrl)} is not LAVA's {"job_ids", "invalid_job_ids"}.`,
      res.status,
    );
  }
  // Only ids we sent count (the answer is the server's text)
  const sent = new Set(pks);
  const canceled = new Set<string>();
  for (const v of body.job_ids) {
    const key = typeof v === 'number' || typeof v === 'string' ? String(v) : '';
    if (sent.has(key)) canceled.add(key);
  }
  return { canceled };
}

async function oneByOne(
  serverUrl: string,
  pks: { id: string; pk: string }[],
  refused: { id: string; reason: string }[],
  deps: SubmitDeps,
): Promise<CancelManyOutcome> {
  const canceled: string[] = [];
  for (const p of pks) {
    try {
      await cancelJob(serverUrl, p.pk, deps);
      canceled.push(p.id);
    } catch (err) {
      if (!(err instanceof LavaError) || err.transient || err.kind === 'aborted') throw err;
      refused.push({ id: p.id, reason: err.message });
    }
  }
  return { canceled, refused, via: 'one-by-one' };
}
