import * as vscode from 'vscode';
import { JobRef } from '../../core/config/jobRef';
import { normalizeServerUrl, resolveServer, ServerConfig, unnamedServer } from '../../core/config/servers';
import { addServers, getServers } from '../settings';
import { PROMPTS, titledText, TITLES } from '../../core/text/uiText';

/**
 * The server to use: the only one when one is configured, a pick among several,
 * or — with none — its URL asked once and saved to the user's settings.
 */
export async function pickServer(title: string): Promise<ServerConfig | undefined> {
  const servers = getServers();
  if (servers.length === 1) return servers[0];
  if (servers.length === 0) return askNewServer();
  const picked = await vscode.window.showQuickPick(
    servers.map((server) => ({ label: server.name, description: server.url, server })),
    { title, placeHolder: PROMPTS.whichServer },
  );
  return picked?.server;
}

async function askNewServer(): Promise<ServerConfig | undefined> {
  const input = await vscode.window.showInputBox({
    title: TITLES.addServer,
    prompt: PROMPTS.serverUrl,
    placeHolder: PROMPTS.serverUrlPlaceholder,
    ignoreFocusOut: true,
    validateInput: (text): vscode.InputBoxValidationMessage | undefined => {
      const checked = normalizeServerUrl(text);
      if (!checked.ok) return { message: checked.message, severity: vscode.InputBoxValidationSeverity.Error };
      return checked.note ? { message: checked.note, severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
    },
  });
  if (input === undefined) return undefined;
  const checked = normalizeServerUrl(input);
  if (!checked.ok) return undefined;
  const server = unnamedServer(checked.url);
  await addServers([server]);
  return server;
}

/** A server, and whether it is one of `lava.servers` (only those are sent a token). */
export interface ResolvedServer {
  server: ServerConfig;
  configured: boolean;
}

/**
 * The server a command argument names (its base URL, from another extension or a `command:`
 * link), configured or not; else, without a URL argument, the one the user picks. An argument
 * that is not a server URL is refused with a message.
 */
export async function serverFromArgument(arg: unknown, title: string): Promise<ResolvedServer | undefined> {
  if (typeof arg === 'string') {
    const checked = normalizeServerUrl(arg);
    if (!checked.ok) {
      void vscode.window.showErrorMessage(titledText(title, checked.message));
      return undefined;
    }
    return resolveServer(getServers(), checked.url);
  }
  const server = await pickServer(title);
  return server ? { server, configured: true } : undefined;
}

/**
 * The server of a job reference: a pasted URL's own server — the configured one with exactly
 * that base URL, else an unconfigured one (followed without a token) — or the one the user picks.
 */
export async function serverForJobRef(ref: JobRef, title: string): Promise<ResolvedServer | undefined> {
  if (!ref.serverUrl) {
    const server = await pickServer(title);
    return server ? { server, configured: true } : undefined;
  }
  return resolveServer(getServers(), ref.serverUrl);
}
