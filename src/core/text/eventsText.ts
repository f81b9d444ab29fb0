// The words of LAVA's event stream as users read them: Watch My Jobs, a job gone quiet.
// Every value quoted here is server text: the surface's escaper (core/untrusted) keeps it plain.
import type { JobOutcome } from '../model/job';
import { finishMessage, FinishMessage } from './messages';
import { jobLabel } from './uiText';

const MAX_DESCRIPTION = 80;

/** `LAVA job 12 (boot test) on staging`: what a notification about a job not followed calls it. */
export function watchedJobLabel(jobId: string, description: string, serverName: string | undefined): string {
  const d = description.length > MAX_DESCRIPTION ? `${description.slice(0, MAX_DESCRIPTION - 1)}…` : description;
  return `${jobLabel(jobId)}${d ? ` (${d})` : ''}${serverName ? ` on ${serverName}` : ''}`;
}

/** The end of one of the user's jobs (Watch My Jobs), worded as a followed job's end. */
export function watchedEndMessage(label: string, health: string): FinishMessage {
  const known = health === 'Complete' || health === 'Incomplete' || health === 'Canceled' ? (health as JobOutcome['health']) : undefined;
  return finishMessage(label, known ? { health: known } : undefined);
}

/** A Running job silent for `lava.quietMinutes`. */
export function quietText(label: string, minutes: number): string {
  const time = minutes === 1 ? '1 minute' : `${Number.isInteger(minutes) ? minutes : minutes.toFixed(1)} minutes`;
  return `${label} is Running but has printed nothing for ${time}: is its board hung?`;
}
