import * as vscode from 'vscode';
import { ApiDetector } from './core/apiDetect';
import { FollowedJobs } from './core/followedJobs';
import { followJobCommand } from './vscode/commands/followJob';
import { importLavacliCommand } from './vscode/commands/importLavacli';
import { showResultsCommand } from './vscode/commands/showResults';
import { stopFollowingCommand } from './vscode/commands/stopFollowing';
import { forgetTokenCommand, setTokenCommand } from './vscode/commands/tokens';
import { FollowedJob } from './vscode/followedJob';
import { findJobCommand } from './vscode/findJob';
import { JobChannels } from './vscode/jobChannels';
import { FollowStatusBar, SHOW_FOLLOWED_COMMAND, showFollowedJobsCommand } from './vscode/statusBar';
import { TokenStore } from './vscode/tokens';

/** Wires the extension: every piece takes what it needs; every disposable goes into the context. */
export function activate(context: vscode.ExtensionContext): void {
  const jobs = new FollowedJobs<FollowedJob>();
  const channels = new JobChannels();
  const tokens = new TokenStore(context.secrets);
  const fetch = globalThis.fetch.bind(globalThis);
  const deps = { jobs, channels, tokens, fetch, apis: new ApiDetector(fetch, 15000) };
  const statusBar = new FollowStatusBar(jobs);

  context.subscriptions.push(
    channels,
    { dispose: () => jobs.stopAll() },
    vscode.commands.registerCommand('lava.followJob', (input?: unknown) =>
      followJobCommand(deps, typeof input === 'string' ? input : undefined),
    ),
    vscode.commands.registerCommand('lava.stopFollowing', () => stopFollowingCommand(jobs)),
    vscode.commands.registerCommand('lava.setToken', (server?: unknown) => setTokenCommand(tokens, server)),
    vscode.commands.registerCommand('lava.showResults', (serverUrl?: unknown, jobId?: unknown) =>
      showResultsCommand(deps, serverUrl, jobId),
    ),
    vscode.commands.registerCommand('lava.importLavacli', () => importLavacliCommand(tokens)),
    vscode.commands.registerCommand('lava.forgetToken', (server?: unknown) => forgetTokenCommand(tokens, server)),
    statusBar,
    vscode.commands.registerCommand('lava.findJob', () => findJobCommand(deps)),
    vscode.commands.registerCommand(SHOW_FOLLOWED_COMMAND, () => showFollowedJobsCommand(jobs, statusBar)),
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
