// vscode/commands — one command a file.
import * as vscode from 'vscode';
import { JobRef, parseJobRef } from '../../core/config/jobRef';
import { ServerConfig } from '../../core/config/servers';
import { getFollowSettings } from '../settings';
import { FollowContext } from '../follow/follows';
import { serverForJobRef } from '../workflows/pickServer';
import { askJobRef } from '../workflows/askJobRef';
import { followTarget } from '../../core/submit/definitionAndJobIds';
import { plainLabel, plainNotification } from '../../core/untrusted/plainForSurface';
import { multinodeOfferTexts } from '../../core/text/submitText';
import { followGroup } from '../workflows/followNewJobs';
import { anonymousFollowText, PROMPTS, titledText, TITLES } from '../../core/text/uiText';

const TITLE = TITLES.followJob;

/**
 * LAVA: Follow Job — ask for a job id or URL, then follow it (or show it if already followed).
 * `input` is a job id or URL passed by another extension or a `command:` link. A job URL of a
 * server that is not in `lava.servers` is followed without a token, and the user is told.
 */
export async function followJobCommand(deps: FollowContext, input?: string): Promise<void> {
  let ref: JobRef | undefined;
  if (input === undefined) {
    ref = await askJobRef(TITLE, PROMPTS.jobRef);
  } else {
    const parsed = parseJobRef(input);
    if (!parsed.ok) void vscode.window.showErrorMessage(plainNotification(titledText(TITLE, parsed.message)));
    ref = parsed.ok ? parsed.ref : undefined;
  }
  if (!ref) return;
  const target = await serverForJobRef(ref, TITLE);
  if (!target) return;
  if (!target.configured) {
    void vscode.window.showInformationMessage(plainNotification(anonymousFollowText(target.server.url, ref.jobId)));
  }
  const anonymous = !target.configured;
  const choice = await multinodeChoice(deps, target.server, ref.jobId, anonymous);
  if (choice.kind === 'one') await deps.follows.follow(target.server, choice.id, { anonymous });
  if (choice.kind === 'all') await followGroup(deps, target.server, choice.parentId, choice.subJobs);
}

type Choice = { kind: 'one'; id: string } | { kind: 'all'; parentId: string; subJobs: { id: string; role: string }[] } | { kind: 'none' };

/**
 * On a REST server, what the id stands for: a sub-job id ("8.1") is resolved to the job the server
 * serves (or refused, saying why); any sub-job or parent of a MultiNode job offers to follow all
 * its sub-jobs. When the server cannot tell (unreachable, log-tail), the id is followed as it is.
 */
async function multinodeChoice(deps: FollowContext, server: ServerConfig, jobId: string, anonymous: boolean): Promise<Choice> {
  const credentials = anonymous ? undefined : await deps.tokens.credentials(server.url);
  const api = await deps.apis.resolve(server, credentials).catch(() => undefined);
  if (api !== 'rest') return { kind: 'one', id: jobId };
  const target = await followTarget(server.url, jobId, { fetch: deps.fetch, timeoutMs: getFollowSettings().timeoutMs, credentials });
  if (target.kind === 'unresolved') {
    void vscode.window.showErrorMessage(plainNotification(titledText(TITLE, target.reason)));
    return { kind: 'none' };
  }
  if (target.kind === 'single') return { kind: 'one', id: target.id };
  const subJobs = target.group.subJobs.map((s) => ({ id: s.id, role: s.role }));
  const words = multinodeOfferTexts(target.requested, target.parentId, subJobs);
  const picked = await vscode.window.showQuickPick(
    [
      { label: plainLabel(words.all), detail: plainLabel(words.allDetail), all: true },
      { label: plainLabel(words.one), all: false },
    ],
    { title: plainLabel(words.title), placeHolder: PROMPTS.followWholeMultinode, ignoreFocusOut: true },
  );
  if (!picked) return { kind: 'none' };
  return picked.all ? { kind: 'all', parentId: target.parentId, subJobs } : { kind: 'one', id: target.requested.id };
}
