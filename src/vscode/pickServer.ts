import * as vscode from 'vscode';
import { normalizeServerUrl, ServerConfig, unnamedServer } from '../core/servers';
import { addServers, getServers } from './config';

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
