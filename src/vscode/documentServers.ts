import * as vscode from 'vscode';
import { ServerConfig } from '../core/config/servers';
import { ChoiceStore, SubmitChoices } from '../core/submit/consentPolicy';
import { getServers } from './settings';

/** The CodeLens "Other server…" passes this as the server argument of lava.submitJob: ask again. */
export const OTHER_SERVER = 'lava:other-server';

/**
 * Which server each definition document goes to. `chosen`: the one the user chose to submit it to
 * (asked once per document, kept in the workspace state across reloads: core/submit/submitConsent.ts);
 * `origin`: the one it was opened from (Open Job Definition), a suggestion only. Validation asks the
 * chosen server, else the origin, else the first configured one.
 */
export class DocumentServers {
  private readonly origins = new Map<string, string>();
  private readonly choices: SubmitChoices;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(state?: ChoiceStore) {
    this.choices = new SubmitChoices(state);
  }

  /** The user chose `serverUrl` for this document (a pick or a confirmation): remembered. */
  remember(uri: vscode.Uri, serverUrl: string): void {
    if (this.choices.get(uri.toString()) === serverUrl) return;
    void this.choices.set(uri.toString(), serverUrl);
    this.changed.fire();
  }

  /** The document came from this server (not a choice: its first Submit still asks). */
  rememberOrigin(uri: vscode.Uri, serverUrl: string): void {
    this.origins.set(uri.toString(), serverUrl);
  }

  /** The document closed: its origin goes, and an untitled document's choice (a file's stays). */
  forget(uri: vscode.Uri): void {
    this.origins.delete(uri.toString());
    this.choices.closed(uri.toString());
  }

  /** The server URL chosen for this document, if any (maybe no longer configured). */
  chosen(uri: vscode.Uri): string | undefined {
    return this.choices.get(uri.toString());
  }

  /** The chosen server if it is still configured. */
  chosenServer(uri: vscode.Uri): ServerConfig | undefined {
    const url = this.chosen(uri);
    return url === undefined ? undefined : getServers().find((s) => s.url === url);
  }

  /** The document's server for validation: chosen, else its origin, else the first configured one. */
  serverOf(uri: vscode.Uri): ServerConfig | undefined {
    const servers = getServers();
    const chosen = this.chosen(uri);
    const origin = this.origin(uri);
    return servers.find((s) => s.url === chosen) ?? servers.find((s) => s.url === origin) ?? servers[0];
  }

  /** The server the document was opened from, if any. */
  origin(uri: vscode.Uri): string | undefined {
    return this.origins.get(uri.toString());
  }

  dispose(): void {
    this.changed.dispose();
  }
}
