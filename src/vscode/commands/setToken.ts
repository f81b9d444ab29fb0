import * as vscode from 'vscode';
import { checkToken, needsPlainHttpWarning } from '../../core/config/tokens';
import { addServers } from '../settings';
import { serverFromArgument } from '../workflows/pickServer';
import { TokenStore } from '../tokenStore';
import { BUTTONS, TITLES, TOKENS } from '../../core/text/uiText';

const TITLE = TITLES.setToken;
const ADD_SERVER: vscode.MessageItem = { title: BUTTONS.addServer };
const CANCEL: vscode.MessageItem = { title: BUTTONS.cancel, isCloseAffordance: true };

/**
 * LAVA: Set Token… — store a server's API token in SecretStorage (never in settings). Called
 * with the URL of a server that is not in `lava.servers` (by another extension or a `command:`
 * link), it asks before adding that server: a token is only ever sent to a configured server.
 */
export async function setTokenCommand(tokens: TokenStore, arg?: unknown): Promise<void> {
  const target = await serverFromArgument(arg, TITLE);
  if (!target) return;
  const { server, configured } = target;
  if (!configured) {
    const answer = await vscode.window.showWarningMessage(
      TOKENS.notConfigured(server.url),
      { modal: true, detail: TOKENS.notConfiguredDetail },
      ADD_SERVER,
      CANCEL,
    );
    if (answer !== ADD_SERVER) return;
  }
  const input = await vscode.window.showInputBox({
    title: TOKENS.title(server.name),
    prompt: TOKENS.prompt(server.url, needsPlainHttpWarning(server.url)),
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => {
      const checked = checkToken(value);
      return checked.ok ? undefined : checked.message;
    },
  });
  if (input === undefined) return;
  const checked = checkToken(input);
  if (!checked.ok) return;
  if (!configured) await addServers([server]);
  await tokens.set(server.url, checked.token);
  void vscode.window.showInformationMessage(TOKENS.saved(server.name));
}
