import * as vscode from 'vscode';
import { OFFLINE_SOURCE } from '../../core/text/schemaText';
import { plainLine } from '../../core/untrusted/plainForSurface';
import { offsetRange, type OfflineDiagnostics } from './offlineDiagnostics';

/**
 * The quick fixes of offline problems ("did you mean `tmpfs`?", a missing key added, a timeout
 * given its unit): each problem's own edits, for the offline diagnostics in the range asked.
 */
export class OfflineQuickFixes implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly diagnostics: OfflineDiagnostics) {}

  provideCodeActions(
    doc: vscode.TextDocument,
    _range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === OFFLINE_SOURCE);
    if (!ours.length || !this.diagnostics.handles(doc)) return [];
    const problems = this.diagnostics.problemsOf(doc);
    const actions: vscode.CodeAction[] = [];
    for (const d of ours) {
      const p = problems.find((q) => q.fix && q.code === d.code && sameRange(offsetRange(doc, q.start, q.end), d.range));
      if (!p?.fix) continue;
      const edit = new vscode.WorkspaceEdit();
      for (const e of p.fix.edits) edit.replace(doc.uri, offsetRange(doc, e.start, e.end), e.text);
      const action = new vscode.CodeAction(plainLine(p.fix.title, 200), vscode.CodeActionKind.QuickFix);
      action.edit = edit;
      action.diagnostics = [d];
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }
}

function sameRange(a: vscode.Range, b: vscode.Range): boolean {
  return a.start.isEqual(b.start) && a.end.isEqual(b.end);
}
