import * as vscode from 'vscode';
import { JOB_LOG_SCHEME } from '../core/document/jobLogUri';
import { FOLLOWED_JOBS_KEY, OPEN_JOB_LOGS_KEY, WATCH_MY_JOBS_KEY } from './followMemoryKeys';

/**
 * Activation without the extension's code: each contributed command stands in for the real one
 * until the main bundle is needed, so a window that never uses LAVA Follow never loads it.
 * It is needed at once when the window has something of ours to restore (follows or job logs
 * remembered before a reload, a job-log tab) or a YAML document open (job definitions: CodeLens,
 * validation on save); later, when a command runs or such a document opens. `start` loads and
 * activates it (synchronously: a job-log document must find its content provider registered).
 * The returned function starts it now (the LAVA view, when VS Code first asks for its tree).
 */
export function startLazily(context: vscode.ExtensionContext, commandIds: readonly string[], start: () => void): () => void {
  const standIns: vscode.Disposable[] = [];
  let started = false;
  const startNow = () => {
    if (started) return;
    started = true;
    for (const d of standIns.splice(0)) d.dispose();
    start();
  };
  for (const id of commandIds) {
    standIns.push(
      vscode.commands.registerCommand(id, (...args: unknown[]) => {
        startNow(); // the real command replaces this one
        return vscode.commands.executeCommand(id, ...args);
      }),
    );
  }
  standIns.push(
    vscode.workspace.onDidOpenTextDocument((document) => {
      if (isOurs(document)) startNow();
    }),
    // Watch My Jobs turned on: it watches from now on, and (WATCH_MY_JOBS_KEY) from each startup.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('lava.watchMyJobs')) startNow();
    }),
  );
  context.subscriptions.push({ dispose: () => standIns.splice(0).forEach((d) => d.dispose()) });
  if (
    somethingToRestore(context.workspaceState) ||
    context.globalState.get(WATCH_MY_JOBS_KEY) === true ||
    vscode.workspace.textDocuments.some(isOurs) ||
    hasJobLogTab()
  )
    startNow();
  return startNow;
}

/** The command ids the extension contributes (its package.json). */
export function contributedCommands(context: vscode.ExtensionContext): string[] {
  const commands = (context.extension.packageJSON as { contributes?: { commands?: { command?: unknown }[] } }).contributes?.commands;
  return (commands ?? []).map((c) => c.command).filter((id): id is string => typeof id === 'string');
}

function isOurs(document: vscode.TextDocument): boolean {
  return document.uri.scheme === JOB_LOG_SCHEME || document.uri.scheme === 'lava-results' || document.languageId === 'yaml';
}

function somethingToRestore(state: vscode.Memento): boolean {
  return [FOLLOWED_JOBS_KEY, OPEN_JOB_LOGS_KEY].some((key) => {
    const value = state.get<unknown>(key);
    return Array.isArray(value) && value.length > 0;
  });
}

function hasJobLogTab(): boolean {
  return vscode.window.tabGroups.all.some((group) =>
    group.tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.scheme === JOB_LOG_SCHEME),
  );
}
