// core/text — every sentence a user reads, in one place.
import { LavaError } from '../net/errors';
import { FollowNotice } from '../follow/follower';
import { JobOutcome } from '../follow/logSource';
import { resultCountsText } from './resultsText';

/** The words a user sees for each follow event and error kind, in one place. */
const SET_TOKEN_COMMAND_TITLE = 'LAVA: Set Token…';

export function noticeText(notice: FollowNotice): string {
  switch (notice.kind) {
    case 'status':
      return notice.message;
    case 'restarted':
      return 'The log was restarted on the server: showing it again from the beginning.';
    case 'reconnecting':
      return `${notice.error.message} Reconnecting…`;
    case 'reconnected':
      return 'Reconnected.';
  }
}

export function followErrorText(error: LavaError, jobLabel: string, serverName: string): string {
  switch (error.kind) {
    case 'not-found':
      return `${jobLabel} was not found on ${serverName}. If it is private, set a token with "${SET_TOKEN_COMMAND_TITLE}".`;
    case 'unauthorized':
      return `${serverName} refused access to ${jobLabel}: ${error.message} Set a valid token with "${SET_TOKEN_COMMAND_TITLE}".`;
    default:
      return `Following ${jobLabel} on ${serverName} failed: ${error.message}`;
  }
}

export interface FinishMessage {
  severity: 'information' | 'warning' | 'error';
  text: string;
}

/** The notification for a finished job: its health, its results, and for a failure LAVA's reason. */
export function finishMessage(jobLabel: string, outcome?: JobOutcome): FinishMessage {
  if (!outcome || outcome.health === 'Unknown') return { severity: 'information', text: `${jobLabel} finished` };
  const counts = outcome.results ? resultCountsText(outcome.results) : '';
  switch (outcome.health) {
    case 'Complete':
      return { severity: 'information', text: `${jobLabel} Complete${counts ? ` — ${counts}` : ''}` };
    case 'Incomplete':
      return { severity: 'error', text: `${jobLabel} Incomplete${outcome.reason ? ` — ${outcome.reason}` : ''}` };
    case 'Canceled':
      return { severity: 'warning', text: `${jobLabel} Canceled${outcome.reason ? ` — ${outcome.reason}` : ''}` };
  }
}
