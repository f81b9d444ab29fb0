import * as vscode from 'vscode';
import { Credentials } from '../core/net/http';
import { originOf } from '../core/net/urls';

/** API tokens, one per server origin, kept only in VS Code's SecretStorage. */
export class TokenStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async credentials(serverUrl: string): Promise<Credentials | undefined> {
    const origin = originOf(serverUrl);
    const token = await this.secrets.get(key(origin));
    return token ? { origin, token } : undefined;
  }

  set(serverUrl: string, token: string): Thenable<void> {
    return this.secrets.store(key(originOf(serverUrl)), token);
  }

  forget(serverUrl: string): Thenable<void> {
    return this.secrets.delete(key(originOf(serverUrl)));
  }
}

function key(origin: string): string {
  return `lava.token:${origin}`;
}
