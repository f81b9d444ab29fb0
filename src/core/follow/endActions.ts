// core/follow — what the end of a job offers next, in the order the outcome makes likely.
import type { JobHealth } from '../model/job';

/** What a finished job's notification can offer (worded by core/text/uiText.ts BUTTONS). */
export type EndAction = 'goToError' | 'openJobLog' | 'showResults' | 'showLog' | 'openInBrowser' | 'resubmit';

/** VS Code's guideline: a notification has at most three buttons. */
export const MAX_NOTIFICATION_BUTTONS = 3;

export interface EndFacts {
  /** The job's health, when the protocol told it (REST: then it has results to show); undefined for log-tail. */
  health?: JobHealth;
  /** Test cases seen, by result (`pass`, `fail`…). */
  results?: Readonly<Record<string, number>>;
  /** The job has an Output channel here (Show Log). */
  hasChannel: boolean;
}

/**
 * Every action for a finished job, most likely first: a failure goes to its error and offers a
 * new run; a Complete job with test results shows them; a job without a known health (log-tail)
 * has its log only. Results exist only where the health was told.
 */
export function endActions(facts: EndFacts): EndAction[] {
  const results: EndAction[] = facts.health !== undefined ? ['showResults'] : [];
  const channel: EndAction[] = facts.hasChannel ? ['showLog'] : [];
  const hasCases = Object.values(facts.results ?? {}).some((n) => n > 0);
  switch (facts.health) {
    case 'Incomplete':
      return ['goToError', 'resubmit', ...results, ...channel, 'openInBrowser'];
    case 'Canceled':
      return ['openJobLog', 'resubmit', ...results, ...channel, 'openInBrowser'];
    case 'Complete':
      return hasCases
        ? ['showResults', 'openJobLog', ...channel, 'openInBrowser']
        : ['openJobLog', ...channel, 'showResults', 'openInBrowser'];
    default:
      return ['openJobLog', ...results, ...channel, 'openInBrowser'];
  }
}

/**
 * The buttons shown and the rest behind "More…": all of them when they fit, else the first
 * `max - 1` and a More… button (undefined `more` when nothing is left over).
 */
export function splitButtons<T>(actions: readonly T[], max = MAX_NOTIFICATION_BUTTONS): { buttons: T[]; more?: T[] } {
  if (actions.length <= max) return { buttons: [...actions] };
  return { buttons: actions.slice(0, max - 1), more: actions.slice(max - 1) };
}
