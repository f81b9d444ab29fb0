import * as vscode from 'vscode';
import { documentStart, readDefinition } from '../../core/submit/definition';
import { plainLabel } from '../../core/untrusted/plainForSurface';
import { OTHER_SERVER_LENS, submitLensTitle } from '../../core/text/trustText';
import { DocumentServers } from '../jobCommandContext';
import { getServers } from '../settings';
import { OTHER_SERVER } from './submitConsent';

/** Only YAML that could be a job is parsed for its CodeLens (a quick look before the parse). */
const MAX_CHARS = 2_000_000;

/**
 * Above a job definition (YAML with job_name and actions, see readDefinition): **Validate** ·
 * **Submit to <server>** (the server chosen for the document; none yet: **Submit to LAVA…**, which
 * asks) and, with several servers and one chosen, **Other server…** (a pick of every configured
 * server). In Restricted Mode the Submit title ends with "…": it asks first (views/submitConsent.ts).
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
    if (text.length > MAX_CHARS || !/\bactions\s*:/.test(text)) return [];
    const def = readDefinition(text);
    if (def.kind === 'not-a-job') return [];
    const line = documentStart(def).startLine;
    const range = new vscode.Range(line, 0, line, 0);
    const server = this.documents.chosenServer(doc.uri);
    const lenses = [
      new vscode.CodeLens(range, { title: 'Validate', command: 'lava.validateDefinition', arguments: [doc.uri] }),
      new vscode.CodeLens(range, {
        title: submitLensTitle(server && plainLabel(server.name), vscode.workspace.isTrusted),
        command: 'lava.submitJob',
        arguments: [doc.uri],
      }),
    ];
    if (server && getServers().length > 1) {
      lenses.push(new vscode.CodeLens(range, { title: OTHER_SERVER_LENS, command: 'lava.submitJob', arguments: [doc.uri, OTHER_SERVER] }));
    }
    return lenses;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
