import * as vscode from 'vscode';
import { DefinitionProblem } from '../../core/submit/lavaPath';
import { TextRange } from '../../core/submit/definition';
import { plainLine } from '../../core/untrusted/plainForSurface';
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
  // VS Code throws on a negative or non-integer position: whatever a server made of them, clamped.
  const n = (v: number) => (Number.isSafeInteger(v) ? Math.max(0, v) : v > 0 ? 2 ** 31 - 1 : 0);
  const [startLine, startCol, endLine, endCol] = [n(r.startLine), n(r.startCol), n(r.endLine), n(r.endCol)];
  if (endLine < startLine) return new vscode.Range(startLine, startCol, startLine, startCol);
  return new vscode.Range(startLine, startCol, endLine, Math.max(endCol, endLine === startLine ? startCol : endCol));
}

/** LAVA's words, plain (definitionProblemText). A guessed place says so. */
function toDiagnostic(p: DefinitionProblem): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(p.range), definitionProblemText(p), vscode.DiagnosticSeverity.Error);
  d.source = 'LAVA';
  if (p.path?.length) d.code = plainLine(p.path.join('.'), 200);
  return d;
}
