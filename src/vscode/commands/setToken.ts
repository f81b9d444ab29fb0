import * as vscode from 'vscode';
import { serverFromArgument } from '../views/pickServer';
import { TokenStore } from '../tokenStore';

/** LAVA: Set Token… — store a server's API token in SecretStorage (never in settings). */
export async function setTokenCommand(tokens: TokenStore, arg?: unknown): Promise<void> {
  const server = await serverFromArgument(arg, 'LAVA: Set Token…');
  if (!server) return;
  const token = await vscode.window.showInputBox({
    title: `LAVA: Set Token… (${server.name})`,
    prompt: `API token for ${server.url} (create one in LAVA under your profile → API Tokens). Kept in VS Code's secret storage and sent only to ${new URL(server.url).origin}.`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) =>
      value.trim() === '' ? 'The token cannot be empty.' : /\s/.test(value.trim()) ? 'A token has no spaces.' : undefined,
  });
  if (token === undefined) return;
  await tokens.set(server.url, token.trim());
  void vscode.window.showInformationMessage(`LAVA token saved for ${server.name}. Jobs followed from now on use it.`);
}
