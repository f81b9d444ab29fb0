import * as vscode from 'vscode';
import { ServerConfig, serverForUrl } from '../core/config/servers';
import { checkToken, PlainHttpConsent } from '../core/config/tokens';
import { Credentials } from '../core/net/http';
import { getServers } from './settings';
import { BUTTONS, TOKENS } from '../core/text/uiText';

const SEND_ANYWAY: vscode.MessageItem = { title: BUTTONS.sendAnyway };
const CANCEL: vscode.MessageItem = { title: BUTTONS.cancel, isCloseAffordance: true };

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
        void vscode.window.showWarningMessage(TOKENS.storedInvalid(server.name, checked.message));
      }
      return undefined;
    }
    if (!(await this.plainHttp.allowed(server.url))) return undefined;
    return { serverUrl: server.url, token: checked.token };
  }

  /** Stores a token checked by checkToken (one that is not is refused, without being quoted). */
  async set(serverUrl: string, token: string): Promise<void> {
    const checked = checkToken(token);
    if (!checked.ok) throw new Error(TOKENS.invalid(checked.message));
    await this.secrets.store(key(serverUrl), checked.token);
  }

  forget(serverUrl: string): Thenable<void> {
    return this.secrets.delete(key(serverUrl));
  }
}

/** `lava.token:<base URL>` (for a server at the root of its host, the key of earlier versions, which used the origin). */
function key(serverUrl: string): string {
  return `${TOKEN_KEY_PREFIX}${serverUrl}`;
}

/** The SecretStorage key of a server's token is this and its base URL (main.ts: a token changed). */
export const TOKEN_KEY_PREFIX = 'lava.token:';

/** The modal warning before a token goes over plain http:// to another machine. */
async function askSendOverPlainHttp(serverUrl: string): Promise<boolean> {
  const answer = await vscode.window.showWarningMessage(
    TOKENS.plainHttpQuestion(serverUrl),
    { modal: true, detail: TOKENS.plainHttpDetail },
    SEND_ANYWAY,
    CANCEL,
  );
  return answer === SEND_ANYWAY;
}
