import * as vscode from 'vscode';
import { normalizeServerUrl, ServerConfig, unnamedServer } from '../../core/servers';
import { getServers } from '../config';
import { pickServer } from '../pickServer';
import { TokenStore } from '../tokens';

/** The server named by a command argument (its URL), else the one the user picks. */
async function serverFor(arg: unknown, title: string): Promise<ServerConfig | undefined> {
  if (typeof arg === 'string') {
    const checked = normalizeServerUrl(arg);
    if (checked.ok) return getServers().find((s) => s.url === checked.url) ?? unnamedServer(checked.url);
  }
  return pickServer(title);
}

/** LAVA: Set Token… — store a server's API token in SecretStorage (never in settings). */
export async function setTokenCommand(tokens: TokenStore, arg?: unknown): Promise<void> {
  const server = await serverFor(arg, 'LAVA: Set Token…');
  if (!server) return;
  const token = await vscode.window.showInputBox({
    title: `LAVA: Set Token… (${server.name})`,
    prompt: `API token for ${server.url} (create one in LAVA under your profile → API Tokens). Kept in VS Code's secret storage and sent only to ${new URL(server.url).origin}.`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() === '' ? 'The token cannot be empty.' : /\s/.test(value.trim()) ? 'A token has no spaces.' : undefined),
  });
  if (token === undefined) return;
  await tokens.set(server.url, token.trim());
  void vscode.window.showInformationMessage(`LAVA token saved for ${server.name}. Jobs followed from now on use it.`);
}

/** LAVA: Forget Token — remove a server's token from SecretStorage. */
export async function forgetTokenCommand(tokens: TokenStore, arg?: unknown): Promise<void> {
  const server = await serverFor(arg, 'LAVA: Forget Token');
  if (!server) return;
  await tokens.forget(server.url);
  void vscode.window.showInformationMessage(`LAVA token forgotten for ${server.name}.`);
}
