import * as vscode from 'vscode';
import { Credentials } from '../core/net/http';

/**
 * API tokens, one per server (its base URL: two LAVA instances on one host have
 * two tokens), kept only in VS Code's SecretStorage.
 */
export class TokenStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async credentials(serverUrl: string): Promise<Credentials | undefined> {
    const token = await this.secrets.get(key(serverUrl));
    return token ? { serverUrl, token } : undefined;
  }

  set(serverUrl: string, token: string): Thenable<void> {
    return this.secrets.store(key(serverUrl), token);
  }

  forget(serverUrl: string): Thenable<void> {
    return this.secrets.delete(key(serverUrl));
  }
}

/** `lava.token:<base URL>` (for a server at the root of its host, the key of earlier versions, which used the origin). */
function key(serverUrl: string): string {
  return `lava.token:${serverUrl}`;
}
