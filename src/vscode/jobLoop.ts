// vscode — what the job-loop commands share: the document's server, a REST server's request
// context (token, user name), the errors worded once with their way out (Set Token…).
import * as vscode from 'vscode';
import { ServerConfig } from '../core/config/servers';
import { LavaError } from '../core/net/errors';
import { SubmitDeps } from '../core/submit/jobActions';
import { ChoiceStore, SubmitChoices } from '../core/submit/submitConsent';
import { plainNotification } from '../core/text/plain';
import { logTailOnlyText, needsTokenText, noServerText } from '../core/text/submitText';
import { FollowContext } from './follow/follows';
import { getFollowSettings, getServers } from './settings';
import { DefinitionDiagnostics } from './views/definitionDiagnostics';
import { BUTTONS, couldNotAskText } from '../core/text/uiText';

export const SET_TOKEN = BUTTONS.setToken;

/**
 * Which server each definition document goes to. `chosen`: the one the user chose to submit it to
 * (asked once per document, kept in the workspace state across reloads: core/submit/submitConsent.ts);
 * `origin`: the one it was opened from (Open Job Definition), a suggestion only. Validation asks the
 * chosen server, else the origin, else the first configured one.
 */
export class DocumentServers {
  private readonly origins = new Map<string, string>();
  private readonly choices: SubmitChoices;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(state?: ChoiceStore) {
    this.choices = new SubmitChoices(state);
  }

  /** The user chose `serverUrl` for this document (a pick or a confirmation): remembered. */
  remember(uri: vscode.Uri, serverUrl: string): void {
    if (this.choices.get(uri.toString()) === serverUrl) return;
    void this.choices.set(uri.toString(), serverUrl);
    this.changed.fire();
  }

  /** The document came from this server (not a choice: its first Submit still asks). */
  rememberOrigin(uri: vscode.Uri, serverUrl: string): void {
    this.origins.set(uri.toString(), serverUrl);
  }

  /** The document closed: its origin goes, and an untitled document's choice (a file's stays). */
  forget(uri: vscode.Uri): void {
    this.origins.delete(uri.toString());
    this.choices.closed(uri.toString());
  }

  /** The server URL chosen for this document, if any (maybe no longer configured). */
  chosen(uri: vscode.Uri): string | undefined {
    return this.choices.get(uri.toString());
  }

  /** The chosen server if it is still configured. */
  chosenServer(uri: vscode.Uri): ServerConfig | undefined {
    const url = this.chosen(uri);
    return url === undefined ? undefined : getServers().find((s) => s.url === url);
  }

  /** The document's server for validation: chosen, else its origin, else the first configured one. */
  serverOf(uri: vscode.Uri): ServerConfig | undefined {
    const servers = getServers();
    const chosen = this.chosen(uri);
    const origin = this.origin(uri);
    return servers.find((s) => s.url === chosen) ?? servers.find((s) => s.url === origin) ?? servers[0];
  }

  /** The server the document was opened from, if any. */
  origin(uri: vscode.Uri): string | undefined {
    return this.origins.get(uri.toString());
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export interface LoopDeps extends FollowContext {
  diagnostics: DefinitionDiagnostics;
  documents: DocumentServers;
}

/** A server's request context for submit-side calls (its token when one is stored). */
export async function submitDeps(deps: LoopDeps, server: ServerConfig): Promise<SubmitDeps> {
  return {
    fetch: deps.fetch,
    timeoutMs: getFollowSettings().timeoutMs,
    credentials: await deps.tokens.credentials(server.url),
    username: server.username,
  };
}

/**
 * The request context for an action that needs REST (and, with `needsToken`, a token): a
 * log-tail server, a server that cannot be asked, or a missing token is told (with Set Token…)
 * and gives undefined.
 */
export async function restDeps(deps: LoopDeps, server: ServerConfig, what: string, needsToken: boolean): Promise<SubmitDeps | undefined> {
  const sdeps = await submitDeps(deps, server);
  let api: string;
  try {
    api = await deps.apis.resolve(server, sdeps.credentials);
  } catch (err) {
    void vscode.window.showErrorMessage(plainNotification(couldNotAskText(what, server.name, (err as Error).message)));
    return undefined;
  }
  if (api === 'log-tail') {
    void vscode.window.showErrorMessage(plainNotification(logTailOnlyText(server.name, what)));
    return undefined;
  }
  if (needsToken && !sdeps.credentials) {
    void offerSetToken(needsTokenText(server.name, what), server);
    return undefined;
  }
  return sdeps;
}

/** An error message with Set Token… (server text inside is made plain). */
export async function offerSetToken(message: string, server: ServerConfig): Promise<void> {
  const choice = await vscode.window.showErrorMessage(plainNotification(message), SET_TOKEN);
  if (choice === SET_TOKEN) await vscode.commands.executeCommand('lava.setToken', server.url);
}

/** A failed action: a refused token gets Set Token…, anything else its message. */
export function showActionError(err: unknown, message: string, server: ServerConfig): void {
  if (err instanceof LavaError && err.kind === 'unauthorized') void offerSetToken(message, server);
  else void vscode.window.showErrorMessage(plainNotification(message));
}

/** The server for a definition: the one named (a lens), the document's, or — none configured — told. */
export function serverForDocument(deps: LoopDeps, uri: vscode.Uri, serverUrl?: unknown): ServerConfig | undefined {
  const servers = getServers();
  const named = typeof serverUrl === 'string' ? servers.find((s) => s.url === serverUrl) : undefined;
  const server = named ?? deps.documents.serverOf(uri);
  if (!server) {
    void noServer();
    return undefined;
  }
  return server;
}

/** No server configured: told, with Set Token… (which offers to add one). */
export async function noServer(): Promise<void> {
  const choice = await vscode.window.showErrorMessage(noServerText(), SET_TOKEN);
  if (choice === SET_TOKEN) await vscode.commands.executeCommand('lava.setToken');
}

/** `job.yaml`, `Untitled-1`. */
export function documentName(doc: vscode.TextDocument): string {
  return doc.isUntitled ? doc.uri.path : (doc.uri.path.split('/').pop() ?? doc.uri.path);
}
