import * as vscode from 'vscode';
import { DefinitionProblem } from '../../core/submit/lavaPath';
import { TextRange } from '../../core/submit/definition';
import { plainLine } from '../../core/text/plain';
import { definitionProblemText } from '../../core/text/submitText';

/**
 * The "LAVA" diagnostics of job definitions: replaced on each validation or refused submission,
 * cleared when the document closes or the server could not say.
 */
export class DefinitionDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('LAVA');

  set(uri: vscode.Uri, problems: readonly DefinitionProblem[]): void {
    this.collection.set(uri, problems.map(toDiagnostic));
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  has(uri: vscode.Uri): boolean {
    return (this.collection.get(uri)?.length ?? 0) > 0;
  }

  dispose(): void {
    this.collection.dispose();
  }
}

function toRange(r: TextRange): vscode.Range {
  return new vscode.Range(r.startLine, r.startCol, r.endLine, Math.max(r.endCol, r.endLine === r.startLine ? r.startCol : r.endCol));
}

/** LAVA's words, plain (definitionProblemText). A guessed place says so. */
function toDiagnostic(p: DefinitionProblem): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(p.range), definitionProblemText(p), vscode.DiagnosticSeverity.Error);
  d.source = 'LAVA';
  if (p.path?.length) d.code = plainLine(p.path.join('.'), 200);
  return d;
}
