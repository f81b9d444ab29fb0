// core/text — the words of the job loop: validate, submit, cancel, resubmit, MultiNode follows.
// Server text (LAVA's messages, job names, roles) is passed through plainNotification / plainLabel
// by the caller that shows it; these functions only build sentences.
import type { DefinitionProblem } from '../submit/lavaPath';
import { plainLine, plainStatus } from './plain';
import { FollowEnd } from '../follow/follower';
import { JobHealth } from '../follow/logSource';

const SET_TOKEN = '"LAVA: Set Token…"';
/** Said after every refusal of a submission: nothing typed is lost. */
export const DEFINITION_KEPT = 'Your definition is unchanged.';

export type DefinitionRefusal = 'empty' | 'yaml' | 'not-a-job' | 'too-big';

/** Why a text is not sent (our own checks, no server asked). `what`: "submit" or "validate". */
export function definitionRefusalText(reason: DefinitionRefusal, what: 'submit' | 'validate', detail?: string): string {
  switch (reason) {
    case 'empty':
      return `Nothing to ${what}: the editor is empty.`;
    case 'yaml':
      return `The job definition is not valid YAML${detail ? ` (${detail})` : ''}: nothing was sent. See Problems.`;
    case 'too-big':
      // `detail`: our own sentence (src/core/yaml.ts), with the size and the limit.
      return `${detail ?? 'The job definition is too large or too deeply nested to be read here.'} Nothing was sent.`;
    case 'not-a-job':
      return 'This is not a LAVA job definition: it needs job_name, actions and device_type (or protocols.lava-multinode).';
  }
}

export function noServerText(): string {
  return `No LAVA server is configured: add one and its token with ${SET_TOKEN}.`;
}

/** A log-tail server: `what` like "submit jobs". */
export function logTailOnlyText(serverName: string, what: string): string {
  return `${serverName} only serves job logs (log-tail, no REST API v0.2): you cannot ${what} there.`;
}

/** No token stored for the server. */
export function needsTokenText(serverName: string, what: string): string {
  return `To ${what} on ${serverName} you need an API token: set one with ${SET_TOKEN}.`;
}

export function submittingTitle(jobName: string | undefined, serverName: string): string {
  return jobName ? `Submitting "${jobName}" to ${serverName}…` : `Submitting to ${serverName}…`;
}

export function submitRefusedText(serverName: string, lavaMessage: string, marked: boolean): string {
  return `${serverName} refused the job definition: ${lavaMessage}${marked ? ' (marked in Problems)' : ''}. ${DEFINITION_KEPT}`;
}

export function submitFailedText(serverName: string, errorMessage: string): string {
  return `Submitting to ${serverName} failed: ${errorMessage} ${DEFINITION_KEPT}`;
}

/** A new job as the loop follows it. */
export interface NewJob {
  /** The id the server serves ("13"). */
  id: string;
  /** MultiNode: LAVA's sub-job id ("12.1"). */
  subId?: string;
  role?: string;
  /** Why the sub-job id could not be resolved (then `id` is the dotted id, not followed). */
  unresolved?: string;
}

/** `12 (server), 13 (client)` or `9`. */
function jobsList(jobs: readonly NewJob[]): string {
  return jobs.map((j) => (j.role ? `${j.role} (job ${j.id})` : `job ${j.id}`)).join(', ');
}

/** After a submit or resubmit: which jobs are followed. `from`: the resubmitted job's id. */
export function submittedText(jobs: readonly NewJob[], serverName: string, from?: string): string {
  const followed = jobs.filter((j) => !j.unresolved);
  const lost = jobs.filter((j) => j.unresolved);
  const verb = from ? `Resubmitted LAVA job ${from} on ${serverName}` : `Submitted to ${serverName}`;
  let text: string;
  if (jobs.length === 1 && followed.length === 1) text = `${verb}: LAVA job ${followed[0].id}, followed.`;
  else text = `${verb}: MultiNode job ${jobs[0].subId?.split('.')[0] ?? jobs[0].id}, following ${jobsList(followed) || 'nothing'}.`;
  if (lost.length) text += ` Not followed: ${lost.map((j) => `${j.subId ?? j.id} (${j.unresolved})`).join('; ')}`;
  return text;
}

export function validatingTitle(serverName: string): string {
  return `Validating the job definition with ${serverName}…`;
}

export function validText(fileName: string, serverName: string): string {
  return `${fileName} is a valid LAVA job definition (checked by ${serverName}).`;
}

export function problemsText(fileName: string, count: number, checkedBy: string): string {
  return `${checkedBy} found ${count === 1 ? 'a problem' : `${count} problems`} in ${fileName}: see Problems.`;
}

/** The status bar message when validation on save could not be done (its diagnostics are cleared). */
export function notValidatedText(fileName: string, serverName: string, why: string): string {
  return `LAVA: ${fileName} not validated — ${serverName}: ${why}`;
}

export function cancelQuestion(jobId: string, serverName: string): { message: string; detail: string } {
  return {
    message: `Cancel LAVA job ${jobId} on ${serverName}?`,
    detail:
      'LAVA stops the job on its device and marks it Canceled (a MultiNode job: all its sub-jobs). A followed job is followed until it has ended.',
  };
}

export function cancelSentText(jobId: string, followed: boolean, lavaMessage: string): string {
  return `LAVA job ${jobId}: ${lavaMessage}${followed ? ' Following it until it has ended.' : ''}`;
}

/** Submit or Resubmit cancelled while its request was under way: the server may have made the job anyway. */
export function cancelledSubmitText(what: string, serverName: string): string {
  return `Stopped waiting to ${what} on ${serverName}: if the request had reached the server, the job may exist anyway (Find Job shows it).`;
}

export function actionFailedText(what: string, errorMessage: string): string {
  return `Could not ${what}: ${errorMessage}`;
}

export function openDefinitionTitle(jobId: string): string {
  return `Reading the definition of LAVA job ${jobId}…`;
}

/** One sub-job of a MultiNode follow as it ended. */
export interface SubJobEnd {
  id: string;
  role?: string;
  end: FollowEnd;
}

/**
 * The ONE notification of a MultiNode follow, once every sub-job's follow has ended: each role's
 * health (a failure reason after it). Undefined when every follow was stopped by the user.
 */
export function groupEndMessage(
  parentId: string,
  subJobs: readonly SubJobEnd[],
): { severity: 'information' | 'warning' | 'error'; text: string } | undefined {
  if (subJobs.every((s) => s.end.kind === 'stopped')) return undefined;
  let severity: 'information' | 'warning' | 'error' = 'information';
  const parts = subJobs.map((s) => {
    const who = s.role ? `${s.role} (${s.id})` : `job ${s.id}`;
    const word = endWord(s.end);
    if (word.severity === 'error' || (word.severity === 'warning' && severity === 'information')) severity = word.severity;
    return `${who} ${word.text}`;
  });
  return { severity, text: `LAVA MultiNode job ${parentId}: ${parts.join(', ')}` };
}

function endWord(end: FollowEnd): { text: string; severity: 'information' | 'warning' | 'error' } {
  if (end.kind === 'stopped') return { text: 'not followed to its end', severity: 'information' };
  if (end.kind === 'failed') return { text: `follow failed (${end.error.message})`, severity: 'warning' };
  const health: JobHealth | undefined = end.outcome?.health;
  switch (health) {
    case 'Complete':
      return { text: 'Complete', severity: 'information' };
    case 'Incomplete':
      return { text: `Incomplete${end.outcome?.reason ? ` — ${end.outcome.reason}` : ''}`, severity: 'error' };
    case 'Canceled':
      return { text: 'Canceled', severity: 'warning' };
    default:
      return { text: 'finished', severity: 'information' };
  }
}

/** Whether a job that ended this way is worth a Resubmit button. */
export function offersResubmit(end: FollowEnd): boolean {
  return end.kind === 'finished' && (end.outcome?.health === 'Incomplete' || end.outcome?.health === 'Canceled');
}

/** The choice offered when a followed id belongs to a MultiNode job. */
export function multinodeOfferTexts(
  requested: { id: string; role: string },
  parentId: string,
  subJobs: readonly { id: string; role: string }[],
): { title: string; all: string; allDetail: string; one: string } {
  return {
    title: `LAVA job ${requested.id} is part of MultiNode job ${parentId}`,
    all: `Follow all ${subJobs.length} sub-jobs`,
    allDetail: subJobs.map((s) => `${s.role} (job ${s.id})`).join(', '),
    one: `Follow only job ${requested.id}${requested.role ? ` (${requested.role})` : ''}`,
  };
}

/** A problem of a job definition as Problems shows it: LAVA's words, plain (plainLine); a guessed place says so. */
export function definitionProblemText(p: DefinitionProblem): string {
  return plainLine(p.located === 'guess' ? `${p.message} (place guessed: the server named no path)` : p.message);
}

/** What validate-on-save says in the status bar (setStatusBarMessage renders `$(icon)`): plain, starting with "LAVA". */
export function saveStatusText(message: string): string {
  return plainStatus(message.startsWith('LAVA') ? message : `LAVA: ${message}`);
}
