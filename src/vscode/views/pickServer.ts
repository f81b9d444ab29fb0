import * as vscode from 'vscode';
import { JobRef } from '../../core/config/jobRef';
import { normalizeServerUrl, ServerConfig, serverOrUnnamed, unnamedServer } from '../../core/config/servers';
import { addServers, getServers } from '../settings';

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
    { title, placeHolder: 'Which LAVA server?' },
  );
  return picked?.server;
}

async function askNewServer(): Promise<ServerConfig | undefined> {
  const input = await vscode.window.showInputBox({
    title: 'Add a LAVA server',
    prompt: 'URL of your LAVA server (saved in your user settings as lava.servers)',
    placeHolder: 'https://lava.example.org',
    ignoreFocusOut: true,
    validateInput: (text) => {
      const checked = normalizeServerUrl(text);
      return checked.ok ? undefined : checked.message;
    },
  });
  if (input === undefined) return undefined;
  const checked = normalizeServerUrl(input);
  if (!checked.ok) return undefined;
  const server = unnamedServer(checked.url);
  await addServers([server]);
  return server;
}

/** The server a command argument names (its base URL), else the one the user picks. */
export async function serverFromArgument(arg: unknown, title: string): Promise<ServerConfig | undefined> {
  if (typeof arg === 'string') {
    const checked = normalizeServerUrl(arg);
    if (checked.ok) return getServers().find((s) => s.url === checked.url) ?? unnamedServer(checked.url);
  }
  return pickServer(title);
}

/** The server of a job reference: a pasted URL's own server (configured or not), else the one the user picks. */
export async function serverForJobRef(ref: JobRef, title: string): Promise<ServerConfig | undefined> {
  if (!ref.serverUrl) return pickServer(title);
  return serverOrUnnamed(getServers(), ref.serverUrl);
}
