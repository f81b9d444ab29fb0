// core/text — the words of submit consent and Restricted Mode. A job name and a file name are
// workspace text (whoever wrote the workspace chose them): flattened to one line and bounded here;
// the caller still passes the whole sentence through plainNotification / plainLabel for its surface.
import { bound, flatText } from '../untrusted/sanitize';

/** The longest job or file name quoted in a question (the rest becomes "…"). */
export const QUOTED_NAME_MAX = 80;

/** A workspace-written name, quoted: one line, at most QUOTED_NAME_MAX characters. */
export function quotedName(name: string): string {
  return `"${bound(flatText(name.length > QUOTED_NAME_MAX * 4 ? name.slice(0, QUOTED_NAME_MAX * 4) : name), QUOTED_NAME_MAX)}"`;
}

/** What is being submitted: `"smoke-test" (job.yaml)`, or the file alone when the job has no name. */
export function submissionName(jobName: string | undefined, fileName: string): string {
  return jobName ? `${quotedName(jobName)} (${quotedName(fileName).slice(1, -1)})` : quotedName(fileName);
}

/** The modal question before a submission: `Submit "smoke-test" (job.yaml) to lab?` */
export function submitQuestion(jobName: string | undefined, fileName: string, serverName: string): string {
  return `Submit ${submissionName(jobName, fileName)} to ${serverName}?`;
}

/** The modal's detail: why it asks. */
export function submitQuestionDetail(why: 'first' | 'requested' | 'untrusted'): string {
  const runs = 'The job runs on that server’s devices with your token.';
  switch (why) {
    case 'first':
    case 'requested':
      return `${runs} Your answer is remembered for this file; "Other server…" above the definition changes it.`;
    case 'untrusted':
      return `${runs} This workspace is in Restricted Mode: every submission asks first. Trust the workspace to submit in one click.`;
  }
}

/** The button that submits. */
export const SUBMIT_BUTTON = 'Submit';

/** The server pick's title: `Submit "smoke-test" (job.yaml) to which LAVA server?` */
export function pickServerTitle(jobName: string | undefined, fileName: string): string {
  return `Submit ${submissionName(jobName, fileName)} to which LAVA server?`;
}

export const PICK_SERVER_PLACEHOLDER = 'The job runs there with your token. Your choice is remembered for this file.';

/** The server chosen for this file before, in the pick. */
export const CURRENT_SERVER_NOTE = 'chosen for this file';

/** The CodeLens that submits: to the server chosen for the file, or (none yet) asking which. */
export function submitLensTitle(serverName: string | undefined, trusted: boolean): string {
  if (!serverName) return 'Submit to LAVA…';
  return trusted ? `Submit to ${serverName}` : `Submit to ${serverName}…`;
}

export const OTHER_SERVER_LENS = 'Other server…';

/** The last item of the server pick: a server not configured yet (LAVA: Add Server…, then the pick again). */
export const ADD_SERVER_ITEM = 'Add Server…';
export const ADD_SERVER_ITEM_DETAIL = 'a LAVA server not configured yet';

/** The modal question before a resubmission in Restricted Mode (the job's id: its name is on the server). */
export function resubmitQuestion(jobId: string, serverName: string): string {
  return `Resubmit LAVA job ${jobId} on ${serverName}?`;
}

export const RESUBMIT_DETAIL =
  'A new job runs on that server’s devices with your token. This workspace is in Restricted Mode: resubmissions ask first.';
export const RESUBMIT_BUTTON = 'Resubmit';

/** The status bar after saving a job definition in Restricted Mode (validation on save is off there). */
export const NOT_VALIDATED_UNTRUSTED =
  'LAVA: not validated on save in Restricted Mode (nothing is sent to a server on its own). Run "LAVA: Validate Job Definition", or trust the workspace.';
