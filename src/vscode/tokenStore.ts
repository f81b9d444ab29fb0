import * as vscode from 'vscode';
import { ServerConfig, serverForUrl } from '../core/config/servers';
import { checkToken, PlainHttpConsent } from '../core/config/tokens';
import { Credentials } from '../core/net/http';
import { getServers } from './settings';

const SEND_ANYWAY: vscode.MessageItem = { title: 'Send Anyway' };
const CANCEL: vscode.MessageItem = { title: 'Cancel', isCloseAffordance: true };

/**
 * API tokens, one per server (its exact base URL: two LAVA instances on one host have
 * two tokens), kept only in VS Code's SecretStorage. A token is handed out only for a
 * server of `lava.servers`, and over plain http:// to another machine only once the user
 * said "Send Anyway" (asked once per server per session).
 */
export class TokenStore {
  private readonly plainHttp: PlainHttpConsent;
  private readonly badTokensTold = new Set<string>();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly servers: () => readonly ServerConfig[] = getServers,
    askPlainHttp: (serverUrl: string) => PromiseLike<boolean> = askSendOverPlainHttp,
  ) {
    this.plainHttp = new PlainHttpConsent(askPlainHttp);
  }

  /** The token to send to `serverUrl`'s requests, if it is a configured server with one (and the user allows it). */
  async credentials(serverUrl: string): Promise<Credentials | undefined> {
    const server = serverForUrl(this.servers(), serverUrl);
    if (!server) return undefined;
    const token = await this.secrets.get(key(server.url));
    if (!token) return undefined;
    const checked = checkToken(token);
    if (!checked.ok) {
      // Stored by an earlier version, which did not check tokens: never sent.
      if (!this.badTokensTold.has(server.url)) {
        this.badTokensTold.add(server.url);
        void vscode.window.showWarningMessage(
          `The LAVA token stored for ${server.name} is not valid (${checked.message}) and is not sent: set it again with "LAVA: Set Token…".`,
        );
      }
      return undefined;
    }
    if (!(await this.plainHttp.allowed(server.url))) return undefined;
    return { serverUrl: server.url, token: checked.token };
  }

  /** Stores a token checked by checkToken (one that is not is refused, without being quoted). */
  async set(serverUrl: string, token: string): Promise<void> {
    const checked = checkToken(token);
    if (!checked.ok) throw new Error(`Not a valid LAVA token: ${checked.message}`);
    await this.secrets.store(key(serverUrl), checked.token);
  }

  forget(serverUrl: string): Thenable<void> {
    return this.secrets.delete(key(serverUrl));
  }
}

/** `lava.token:<base URL>` (for a server at the root of its host, the key of earlier versions, which used the origin). */
function key(serverUrl: string): string {
  return `lava.token:${serverUrl}`;
}

/** The modal warning before a token goes over plain http:// to another machine. */
async function askSendOverPlainHttp(serverUrl: string): Promise<boolean> {
  const answer = await vscode.window.showWarningMessage(
    `Send your LAVA token to ${serverUrl} over plain http://?`,
    {
      modal: true,
      detail:
        'The connection is not encrypted: anyone on the network between you and the server can read the token and act as you on LAVA. ' +
        'Use an https:// URL if the server has one. "Cancel" follows without the token (the server may then refuse private jobs). ' +
        'Your answer holds until VS Code restarts.',
    },
    SEND_ANYWAY,
    CANCEL,
  );
  return answer === SEND_ANYWAY;
}
