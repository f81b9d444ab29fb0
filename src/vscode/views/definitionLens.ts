import * as vscode from 'vscode';
import { firstContentLine, looksLikeJobText } from '../../core/submit/definitionText';
import { plainLabel } from '../../core/text/plain';
import { DocumentServers } from '../jobLoop';
import { getServers } from '../settings';

/**
 * Above a job definition (YAML with job_name and actions at the top level, see looksLikeJobText;
 * the text is looked at, never parsed: this runs on every change): **Validate** ·
 * **Submit to <server>** (the document's server; with several servers also **Other server…**).
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
    ];
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const text = doc.getText();
    if (!looksLikeJobText(text)) return [];
    const line = firstContentLine(text);
    const range = new vscode.Range(line, 0, line, 0);
    const server = this.documents.serverOf(doc.uri);
    const lenses = [
      new vscode.CodeLens(range, { title: 'Validate', command: 'lava.validateDefinition', arguments: [doc.uri] }),
      new vscode.CodeLens(range, {
        title: server ? `Submit to ${plainLabel(server.name)}` : 'Submit to LAVA…',
        command: 'lava.submitJob',
        arguments: [doc.uri, server?.url],
      }),
    ];
    const others = getServers().filter((s) => s.url !== server?.url);
    for (const other of others.slice(0, 3)) {
      lenses.push(
        new vscode.CodeLens(range, {
          title: `Submit to ${plainLabel(other.name)}`,
          command: 'lava.submitJob',
          arguments: [doc.uri, other.url],
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
