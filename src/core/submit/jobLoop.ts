// core/submit — the steps of the job loop that need no editor: is this text worth sending, which
// jobs did a submit create (MultiNode "12.0"/"12.1" → the ids the server serves), and what a
// followed id stands for (a single job, or one sub-job of a MultiNode group).
import { serverJobId } from '../config/jobRef';
import { LavaError } from '../net/errors';
import { DefinitionRefusal, NewJob } from '../text/submitText';
import { definitionValue, documentStart, JobDefinition, readDefinition } from './definition';
import { looksLikeJobText } from './definitionText';
import { DefinitionProblem } from './lavaPath';
import { MultiNodeGroup, resolveSubJob, SubJob, SubmitDeps, subJobsOf } from './jobActions';

export type DefinitionCheck =
  | { ok: true; def: JobDefinition; jobName?: string }
  | { ok: false; reason: DefinitionRefusal; def: JobDefinition; problems: DefinitionProblem[]; detail?: string };

/**
 * Our own checks before any request: an empty text, YAML LAVA could not read (its problems, to
 * show as diagnostics), or YAML that is not a job definition (readDefinition's kind).
 */
export function checkDefinition(text: string): DefinitionCheck {
  const def = readDefinition(text);
  if (text.trim() === '') return { ok: false, reason: 'empty', def, problems: [] };
  if (def.refused) {
    const problems = def.yamlErrors.map((e) => ({ message: e.message, range: e.range, located: 'start' as const }));
    return { ok: false, reason: 'too-big', def, problems, detail: def.yamlErrors[0]?.message };
  }
  if (def.yamlErrors.length) {
    const first = def.yamlErrors[0];
    return {
      ok: false,
      reason: 'yaml',
      def,
      problems: def.yamlErrors.map((e) => ({ message: e.message, range: e.range, located: 'path' as const })),
      detail: `line ${first.range.startLine + 1}`,
    };
  }
  if (def.kind === 'not-a-job') {
    return {
      ok: false,
      reason: 'not-a-job',
      def,
      problems: [{ message: 'Not a LAVA job definition.', range: documentStart(def), located: 'start' }],
    };
  }
  const value = definitionValue(def) as { job_name?: unknown } | undefined;
  return { ok: true, def, jobName: typeof value?.job_name === 'string' ? value.job_name : undefined };
}

/**
 * Whether a text is a job definition worth a CodeLens and validation on save (YAML errors included):
 * a look at its top-level keys, no parse (definitionText.ts), so any text of any size costs little.
 */
export function looksLikeJobDefinition(text: string): boolean {
  return looksLikeJobText(text);
}

/**
 * The jobs of a submit or resubmit answer: integer ids as they are; MultiNode ids ("12.0") resolved
 * to the ids the server serves, with their roles, from the group (one look-up), else one by one
 * (resolveSubJob). A sub-job that cannot be resolved keeps its dotted id and says why.
 */
export async function resolveNewJobs(serverUrl: string, ids: readonly string[], deps: SubmitDeps): Promise<NewJob[]> {
  const bad = ids.find((id) => serverJobId(id) === undefined);
  if (bad !== undefined)
    throw new LavaError('bad-response', `The server gave a job id that is not one: ${JSON.stringify(bad.slice(0, 40))}.`);
  if (ids.every((id) => /^\d+$/.test(id))) return ids.map((id) => ({ id }));
  let group: MultiNodeGroup | undefined;
  try {
    group = await subJobsOf(serverUrl, ids[0], deps);
  } catch {
    group = undefined; // resolved one by one below, each failure told
  }
  const out: NewJob[] = [];
  for (const dotted of ids) {
    if (/^\d+$/.test(dotted)) {
      out.push({ id: dotted });
      continue;
    }
    const found = group?.subJobs.find((s) => s.subId === dotted);
    if (found) {
      out.push({ id: found.id, subId: dotted, role: found.role });
      continue;
    }
    try {
      const r = await resolveSubJob(serverUrl, dotted, deps);
      out.push(r.kind === 'resolved' ? { id: r.id, subId: dotted, role: r.role } : { id: dotted, subId: dotted, unresolved: r.reason });
    } catch (err) {
      out.push({ id: dotted, subId: dotted, unresolved: (err as Error).message });
    }
  }
  return out;
}

export type FollowTarget =
  /** Follow this id (it is not MultiNode, or we could not tell: the follow says what it finds). */
  | { kind: 'single'; id: string }
  /** `requested` is one sub-job of `group` (the id the server serves, its role). */
  | { kind: 'multinode'; requested: SubJob; group: MultiNodeGroup; parentId: string }
  | { kind: 'unresolved'; reason: string };

/**
 * What a job id typed or pasted stands for on a REST server: a dotted sub-job id is resolved (or
 * refused with the reason); an integer id of a MultiNode job brings its group. Failing to read
 * the group of an integer id is not an error: the job is followed alone.
 */
export async function followTarget(serverUrl: string, jobId: string, deps: SubmitDeps): Promise<FollowTarget> {
  let id = jobId;
  if (/^\d+\.\d+$/.test(jobId)) {
    try {
      const r = await resolveSubJob(serverUrl, jobId, deps);
      if (r.kind === 'unresolved') return { kind: 'unresolved', reason: r.reason };
      id = r.id;
    } catch (err) {
      return { kind: 'unresolved', reason: `Cannot resolve ${jobId}: ${(err as Error).message}` };
    }
  }
  let group: MultiNodeGroup | undefined;
  try {
    group = await subJobsOf(serverUrl, id, deps);
  } catch (err) {
    if (err instanceof LavaError || err instanceof Error) return { kind: 'single', id };
    throw err;
  }
  if (!group || group.subJobs.length < 2) return { kind: 'single', id };
  const requested = group.subJobs.find((s) => s.id === id);
  if (!requested) return { kind: 'single', id };
  return { kind: 'multinode', requested, group, parentId: group.subJobs[0].subId.split('.')[0] };
}
