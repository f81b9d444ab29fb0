import * as vscode from 'vscode';
import { firstContentLine, looksLikeJobText } from '../../core/submit/definitionText';
import { plainLabel } from '../../core/untrusted/plainForSurface';
import { OTHER_SERVER_LENS, submitLensTitle } from '../../core/text/trustText';
import { DocumentServers, OTHER_SERVER } from '../documentServers';
import { DEFINITIONS } from '../../core/text/uiText';

/**
 * Above a job definition (YAML with job_name and actions at the top level, see looksLikeJobText;
 * the text is looked at, never parsed: this runs on every change): **Validate** ·
 * **Submit to <server>** (the server chosen for the document; none yet: **Submit to LAVA…**, which
 * asks) and, once one is chosen, **Other server…** (a pick of every configured server, and Add
 * Server… for one not configured yet). In Restricted Mode the Submit title ends with "…": it asks first (workflows/askSubmitConsent.ts).
 */
export class DefinitionLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly documents: DocumentServers) {
    this.subscriptions = [
      documents.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('lava.servers')) this.changed.fire();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
    ];
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const text = doc.getText();
    if (!looksLikeJobText(text)) return [];
    const line = firstContentLine(text);
    const range = new vscode.Range(line, 0, line, 0);
    const server = this.documents.chosenServer(doc.uri);
    const lenses = [
      new vscode.CodeLens(range, { title: DEFINITIONS.validateLens, command: 'lava.validateDefinition', arguments: [doc.uri] }),
      new vscode.CodeLens(range, {
        title: submitLensTitle(server && plainLabel(server.name), vscode.workspace.isTrusted),
        command: 'lava.submitJob',
        arguments: [doc.uri],
      }),
    ];
    if (server) {
      lenses.push(new vscode.CodeLens(range, { title: OTHER_SERVER_LENS, command: 'lava.submitJob', arguments: [doc.uri, OTHER_SERVER] }));
    }
    return lenses;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
