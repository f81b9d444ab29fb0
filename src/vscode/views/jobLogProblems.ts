import * as vscode from 'vscode';
import { Problem, problemDiagnosticText } from '../../core/log/problems';
import { JobLogDocuments } from './jobLogDocuments';

/**
 * Problems of a job-log document: each error/exception record and failed test case on its
 * line (with the action it belongs to), and a warning for each action that used 85% or more
 * of its timeout, as LAVA's Timing tab flags it. Updated each time the document is handed over.
 */
export class JobLogProblems implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('LAVA');
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly documents: JobLogDocuments) {
    this.subscriptions = [
      documents.onDidRender((uri) => this.update(uri)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.collection.delete(doc.uri)),
    ];
  }

  /** The problems of a document on their lines, in order. */
  diagnostics(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  update(uri: vscode.Uri): void {
    const log = this.documents.logOf(uri);
    const lines = this.documents.linesOf(uri);
    if (!log || !lines || log.kind !== 'records') {
      this.collection.delete(uri);
      return;
    }
    const out: vscode.Diagnostic[] = [];
    for (const problem of log.problems.problems) {
      const line = lines.firstLine(problem.index) ?? lines.lineAtOrAfter(problem.index);
      if (line === undefined) continue;
      out.push(toDiagnostic(problem, line));
    }
    this.collection.set(uri, out);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}

function toDiagnostic(problem: Problem, line: number): vscode.Diagnostic {
  const severity = problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const diagnostic = new vscode.Diagnostic(
    new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER),
    problemDiagnosticText(problem),
    severity,
  );
  diagnostic.source = 'LAVA';
  diagnostic.code = problem.kind;
  return diagnostic;
}
