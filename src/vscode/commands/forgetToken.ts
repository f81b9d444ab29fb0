import * as vscode from 'vscode';
import { TokenStore } from '../tokenStore';
import { serverFromArgument } from '../views/pickServer';

/** LAVA: Forget Token — remove a server's token from SecretStorage. */
export async function forgetTokenCommand(tokens: TokenStore, arg?: unknown): Promise<void> {
  const server = await serverFromArgument(arg, 'LAVA: Forget Token');
  if (!server) return;
  await tokens.forget(server.url);
  void vscode.window.showInformationMessage(`LAVA token forgotten for ${server.name}.`);
}
