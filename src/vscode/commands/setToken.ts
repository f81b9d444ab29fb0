import * as vscode from 'vscode';
import { checkToken, needsPlainHttpWarning } from '../../core/config/tokens';
import { addServers } from '../settings';
import { serverFromArgument } from '../workflows/pickServer';
import { TokenStore } from '../tokenStore';

const TITLE = 'LAVA: Set Token…';
const ADD_SERVER: vscode.MessageItem = { title: 'Add Server' };
const CANCEL: vscode.MessageItem = { title: 'Cancel', isCloseAffordance: true };

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
      `${server.url} is not one of your LAVA servers. Add it to lava.servers and set a token for it?`,
      { modal: true, detail: 'A LAVA token is only ever sent to a server of lava.servers (your user settings).' },
      ADD_SERVER,
      CANCEL,
    );
    if (answer !== ADD_SERVER) return;
  }
  const plain = needsPlainHttpWarning(server.url)
    ? ' Warning: this server uses plain http://, the token would cross the network unencrypted.'
    : '';
  const input = await vscode.window.showInputBox({
    title: `${TITLE} (${server.name})`,
    prompt: `API token for ${server.url} (create one in LAVA under your profile → API Tokens). Kept in VS Code's secret storage and sent only to ${server.url}.${plain}`,
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
  void vscode.window.showInformationMessage(`LAVA token saved for ${server.name}. Jobs followed from now on use it.`);
}
