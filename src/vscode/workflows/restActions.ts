// vscode/workflows — what the job-loop commands share: the document's server, a REST server's request
// context (token, user name), the errors worded once with their way out (Set Token…).
import * as vscode from 'vscode';
import { ServerConfig } from '../../core/config/servers';
import { LavaError } from '../../core/net/errors';
import { SubmitDeps } from '../../core/submit/jobActions';
import { plainNotification } from '../../core/untrusted/plainForSurface';
import { logTailOnlyText, needsTokenText, noServerText } from '../../core/text/submitText';
import { FollowContext } from '../follow/follows';
import { getFollowSettings, getServers } from '../settings';
import { DefinitionDiagnostics } from '../views/definitionDiagnostics';
import { DocumentServers } from '../documentServers';
import { BUTTONS, couldNotAskText } from '../../core/text/uiText';

export const SET_TOKEN = BUTTONS.setToken;

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
