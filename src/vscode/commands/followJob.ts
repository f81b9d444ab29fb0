// vscode/commands — one command a file.
import * as vscode from 'vscode';
import { FollowRegistry, jobKey } from '../../core/follow/followRegistry';
import { ApiDetector } from '../../core/protocols/apiDetect';
import { FetchFn } from '../../core/net/http';
import { JobRef, parseJobRef } from '../../core/config/jobRef';
import { ServerConfig } from '../../core/config/servers';
import { getFollowSettings, getServers } from '../settings';
import { ChannelFollow } from '../channelFollow';
import { channelName, JobChannels } from '../views/jobChannels';
import { notifyEnd } from '../views/notifications';
import { serverForJobRef } from '../views/pickServer';
import { askJobRef } from '../views/askJobRef';
import { TokenStore } from '../tokenStore';
import { followTarget } from '../../core/submit/definitionAndJobIds';
import { plainLabel, plainNotification } from '../../core/untrusted/plainForSurface';
import { multinodeOfferTexts } from '../../core/text/submitText';
import { followGroup } from '../views/followNewJobs';

const TITLE = 'LAVA: Follow Job';

export interface FollowDeps {
  jobs: FollowRegistry<ChannelFollow>;
  channels: JobChannels;
  tokens: TokenStore;
  fetch: FetchFn;
  apis: ApiDetector;
}

/**
 * LAVA: Follow Job — ask for a job id or URL, then follow it (or show it if already followed).
 * `input` is a job id or URL passed by another extension or a `command:` link. A job URL of a
 * server that is not in `lava.servers` is followed without a token, and the user is told.
 */
export async function followJobCommand(deps: FollowDeps, input?: string): Promise<void> {
  let ref: JobRef | undefined;
  if (input === undefined) {
    ref = await askJobRef(TITLE, 'Job id (1234) or job URL (https://lava.example.org/scheduler/job/1234)');
  } else {
    const parsed = parseJobRef(input);
    if (!parsed.ok) void vscode.window.showErrorMessage(plainNotification(`${TITLE}: ${parsed.message}`));
    ref = parsed.ok ? parsed.ref : undefined;
  }
  if (!ref) return;
  const target = await serverForJobRef(ref, TITLE);
  if (!target) return;
  if (!target.configured) {
    void vscode.window.showInformationMessage(
      plainNotification(
        `${target.server.url} is not one of your LAVA servers: following LAVA job ${ref.jobId} there without a token. ` +
          'Add it to lava.servers (or run "LAVA: Set Token…") to use one.',
      ),
    );
  }
  const anonymous = !target.configured;
  const choice = await multinodeChoice(deps, target.server, ref.jobId, anonymous);
  if (choice.kind === 'one') await followJob(deps, target.server, choice.id, { anonymous });
  if (choice.kind === 'all') await followGroup(deps, target.server, choice.parentId, choice.subJobs);
}

type Choice = { kind: 'one'; id: string } | { kind: 'all'; parentId: string; subJobs: { id: string; role: string }[] } | { kind: 'none' };

/**
 * On a REST server, what the id stands for: a sub-job id ("8.1") is resolved to the job the server
 * serves (or refused, saying why); any sub-job or parent of a MultiNode job offers to follow all
 * its sub-jobs. When the server cannot tell (unreachable, log-tail), the id is followed as it is.
 */
async function multinodeChoice(deps: FollowDeps, server: ServerConfig, jobId: string, anonymous: boolean): Promise<Choice> {
  const credentials = anonymous ? undefined : await deps.tokens.credentials(server.url);
  const api = await deps.apis.resolve(server, credentials).catch(() => undefined);
  if (api !== 'rest') return { kind: 'one', id: jobId };
  const target = await followTarget(server.url, jobId, { fetch: deps.fetch, timeoutMs: getFollowSettings().timeoutMs, credentials });
  if (target.kind === 'unresolved') {
    void vscode.window.showErrorMessage(plainNotification(`${TITLE}: ${target.reason}`));
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
    { title: plainLabel(words.title), placeHolder: 'Follow the whole MultiNode job?', ignoreFocusOut: true },
  );
  if (!picked) return { kind: 'none' };
  return picked.all ? { kind: 'all', parentId: target.parentId, subJobs } : { kind: 'one', id: target.requested.id };
}

/** How a follow starts. */
export interface FollowJobOptions {
  /** A server that is not configured: no token is sent (its channel name says which server). */
  anonymous?: boolean;
  /** Show the channel (default true). LAVA: Open Job Log follows without showing it. */
  show?: boolean;
  /** Tell how the job ended (default true). A follow that only feeds a document does not. */
  notify?: boolean;
  /** A first line for the channel. */
  notice?: string;
  /** Followed again after a window reload (default: when the channel is shown). */
  remember?: boolean;
}

/**
 * Follows `jobId` on `server` into its Output channel; shows the channel if it is already followed.
 * `notify: false`: no finish notification (a MultiNode group tells all its sub-jobs' ends at once).
 */
export async function followJob(
  deps: FollowDeps,
  server: ServerConfig,
  jobId: string,
  options: FollowJobOptions = {},
): Promise<ChannelFollow> {
  // Read the token first: nothing may await between "is it followed?" and registering the follow.
  const credentials = options.anonymous ? undefined : await deps.tokens.credentials(server.url);
  const key = jobKey(server.url, jobId);
  const existing = deps.jobs.get(key);
  if (existing) {
    if (options.show !== false) existing.channel.show(true);
    return existing;
  }
  const severalServers = getServers().length > 1 || options.anonymous === true;
  const channel = deps.channels.open(key, channelName(jobId, server.name, severalServers));
  if (options.show !== false) channel.show(true);
  const job = new ChannelFollow(key, server, jobId, channel, {
    fetch: deps.fetch,
    apis: deps.apis,
    settings: getFollowSettings(),
    credentials,
    notice: options.notice,
    remember: options.remember ?? options.show !== false,
  });
  deps.jobs.add(key, job);
  void job.ended.then((end) => {
    deps.jobs.remove(key, job);
    if (options.notify === false) return;
    return notifyEnd(job, end);
  });
  return job;
}
