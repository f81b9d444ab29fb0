import * as vscode from 'vscode';
import { TokenStore } from '../tokenStore';
import { serverFromArgument } from '../workflows/pickServer';
import { BUTTONS, TITLES, TOKENS } from '../../core/text/uiText';

const TITLE = TITLES.forgetToken;
const FORGET: vscode.MessageItem = { title: BUTTONS.forgetToken };
const CANCEL: vscode.MessageItem = { title: BUTTONS.cancel, isCloseAffordance: true };

/**
 * LAVA: Forget Token — remove a server's token from SecretStorage. Called with a server URL
 * (by another extension or a `command:` link) it asks first: the user did not pick the server.
 */
export async function forgetTokenCommand(tokens: TokenStore, arg?: unknown): Promise<void> {
  const target = await serverFromArgument(arg, TITLE);
  if (!target) return;
  const { server } = target;
  if (typeof arg === 'string') {
    const answer = await vscode.window.showWarningMessage(TOKENS.forgetQuestion(server.url), { modal: true }, FORGET, CANCEL);
    if (answer !== FORGET) return;
  }
  await tokens.forget(server.url);
  void vscode.window.showInformationMessage(TOKENS.forgotten(server.name));
}
