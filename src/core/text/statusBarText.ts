import { JobHealth } from '../model/job';
import { plainLabel } from '../untrusted/plainForSurface';

/** A job being followed, as the status bar names it. */
export interface FollowedRef {
  jobId: string;
  serverName: string;
  /** Set while the follower retries a failure: why, and whether the server is away (transient) or answers oddly. */
  reconnecting?: { reason: string; transient: boolean };
}

/** The follow that ended last, shown for a while. */
export interface EndNote extends FollowedRef {
  /** 'finished': the job is over (with its health when the protocol tells it); 'failed': following it failed. */
  kind: 'finished' | 'failed';
  health?: JobHealth;
  /** When it ended (ms). */
  at: number;
}

export interface StatusView {
  text: string;
  tooltip: string;
  /** Colours the item: errorBackground / warningBackground. */
  severity: 'normal' | 'warning' | 'error';
  /** When (ms, the clock of `now`) this view goes out of date by itself: the end of a shown end. */
  redrawAt?: number;
}

/** How long the end of a followed job stays in the status bar. */
export const END_SHOWN_MS = 10_000;

/**
 * The status bar item (its text renders `$(icon)`: every job id, server name and reason, in the text and the tooltip, is escaped with plainLabel): a job that just ended (for END_SHOWN_MS), else the
 * followed job (or how many), else nothing (undefined: hide the item).
 */
export function statusBarView(followed: readonly FollowedRef[], ended: EndNote | undefined, now: number): StatusView | undefined {
  const still = followed.length ? `\nStill following: ${followedText(followed)}.` : '';
  if (ended && now - ended.at < END_SHOWN_MS) {
    const end = endText(ended);
    return {
      text: `$(${end.icon}) LAVA ${plainLabel(ended.jobId)} ${end.word}`,
      tooltip: `LAVA job ${plainLabel(ended.jobId)} on ${plainLabel(ended.serverName)}: ${end.word}.${still}\n${followed.length ? 'Click to show the followed jobs.' : 'Click to show its log.'}`,
      severity: end.severity,
      redrawAt: ended.at + END_SHOWN_MS,
    };
  }
  if (!followed.length) return undefined;
  const several = followed.length > 1;
  const failing = followed.filter((f) => f.reconnecting);
  if (failing.length) {
    const away = failing.every((f) => f.reconnecting!.transient);
    const word = away ? 'reconnecting…' : 'retrying…';
    const icon = away ? 'debug-disconnect' : 'warning';
    const reasons = failing
      .map((f) => `LAVA job ${plainLabel(f.jobId)} on ${plainLabel(f.serverName)}: ${reconnectingLine(f.reconnecting!)}`)
      .join('\n');
    return {
      text: several
        ? `$(${icon}) LAVA: ${followed.length} jobs, ${failing.length} ${word}`
        : `$(${icon}) LAVA ${plainLabel(followed[0].jobId)} ${word}`,
      tooltip: `${reasons}\n${several ? `Following ${followedText(followed)}.\n` : ''}Click to show or stop.`,
      severity: 'warning',
    };
  }
  return {
    text: several ? `$(sync~spin) LAVA: ${followed.length} jobs` : `$(sync~spin) LAVA ${plainLabel(followed[0].jobId)}`,
    tooltip: `Following ${followedText(followed)}.\nClick to show or stop.`,
    severity: 'normal',
  };
}

function reconnectingLine(r: { reason: string; transient: boolean }): string {
  const reason = plainLabel(r.reason);
  return r.transient ? `the server cannot be reached, reconnecting. ${reason}` : `the answer is not LAVA's, retrying. ${reason}`;
}

/** `LAVA job 12 on lava`, or `3 LAVA jobs: 12 (lava), 13 (lava), 7 (other)`. */
function followedText(followed: readonly FollowedRef[]): string {
  if (followed.length === 1) return `LAVA job ${plainLabel(followed[0].jobId)} on ${plainLabel(followed[0].serverName)}`;
  return `${followed.length} LAVA jobs: ${followed.map((f) => `${plainLabel(f.jobId)} (${plainLabel(f.serverName)})`).join(', ')}`;
}

function endText(ended: EndNote): { icon: string; word: string; severity: StatusView['severity'] } {
  if (ended.kind === 'failed') return { icon: 'warning', word: 'follow failed', severity: 'warning' };
  switch (ended.health) {
    case 'Complete':
      return { icon: 'pass', word: 'Complete', severity: 'normal' };
    case 'Incomplete':
      return { icon: 'error', word: 'Incomplete', severity: 'error' };
    case 'Canceled':
      return { icon: 'circle-slash', word: 'Canceled', severity: 'warning' };
    default:
      // log-tail: the job ended, its health is not told.
      return { icon: 'check', word: 'finished', severity: 'normal' };
  }
}
