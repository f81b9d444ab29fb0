import * as vscode from 'vscode';
import { FollowRegistry } from './core/follow/followRegistry';
import { ApiDetector } from './core/protocols/apiDetect';
import { ChannelFollow } from './vscode/channelFollow';
import { findJobCommand } from './vscode/commands/findJob';
import { followJobCommand } from './vscode/commands/followJob';
import { forgetTokenCommand } from './vscode/commands/forgetToken';
import { importLavacliCommand } from './vscode/commands/importLavacli';
import { setTokenCommand } from './vscode/commands/setToken';
import { showFollowedJobsCommand } from './vscode/commands/showFollowedJobs';
import { showResultsCommand } from './vscode/commands/showResults';
import { stopFollowingCommand } from './vscode/commands/stopFollowing';
import { getFollowSettings } from './vscode/settings';
import { TokenStore } from './vscode/tokenStore';
import { JobChannels } from './vscode/views/jobChannels';
import { FollowStatusBar } from './vscode/views/statusBar';

/** Wires the extension: every piece takes what it needs; every disposable goes into the context. */
export function activate(context: vscode.ExtensionContext): void {
  const jobs = new FollowRegistry<ChannelFollow>();
  const channels = new JobChannels();
  const tokens = new TokenStore(context.secrets);
  const fetch = globalThis.fetch.bind(globalThis);
  const deps = { jobs, channels, tokens, fetch, apis: new ApiDetector(fetch, () => getFollowSettings().timeoutMs) };
  const statusBar = new FollowStatusBar(jobs);

  context.subscriptions.push(
    channels,
    { dispose: () => jobs.stopAll() },
    statusBar,
    vscode.commands.registerCommand('lava.followJob', (input?: unknown) =>
      followJobCommand(deps, typeof input === 'string' ? input : undefined),
    ),
    vscode.commands.registerCommand('lava.stopFollowing', () => stopFollowingCommand(jobs)),
    vscode.commands.registerCommand('lava.setToken', (server?: unknown) => setTokenCommand(tokens, server)),
    vscode.commands.registerCommand('lava.forgetToken', (server?: unknown) => forgetTokenCommand(tokens, server)),
    vscode.commands.registerCommand('lava.showResults', (serverUrl?: unknown, jobId?: unknown) =>
      showResultsCommand(deps, serverUrl, jobId),
    ),
    vscode.commands.registerCommand('lava.importLavacli', () => importLavacliCommand(tokens)),
    vscode.commands.registerCommand('lava.findJob', () => findJobCommand(deps)),
    vscode.commands.registerCommand('lava.showFollowedJobs', () => showFollowedJobsCommand(jobs, statusBar)),
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
