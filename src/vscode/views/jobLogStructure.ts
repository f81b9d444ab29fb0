import * as vscode from 'vscode';
import { foldingRanges, OutlineSymbol, outlineSymbols } from '../../core/log/folding';
import { JobLogDocuments } from './jobLogDocuments';

/**
 * LAVA's pipeline in a job-log document: one Outline symbol per action, nested by its
 * level (1 › 1.2 › 1.2.3, also breadcrumbs and sticky scroll), and a folding range per action.
 */
export class JobLogStructure implements vscode.DocumentSymbolProvider, vscode.FoldingRangeProvider {
  constructor(private readonly documents: JobLogDocuments) {}

  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
    const log = this.documents.logOf(document.uri);
    const lines = this.documents.linesOf(document.uri);
    if (!log || !lines || log.kind !== 'records') return [];
    return outlineSymbols(log.actions, lines).map((s) => toSymbol(s, document));
  }

  provideFoldingRanges(document: vscode.TextDocument): vscode.FoldingRange[] {
    const log = this.documents.logOf(document.uri);
    const lines = this.documents.linesOf(document.uri);
    if (!log || !lines || log.kind !== 'records') return [];
    const last = document.lineCount - 1;
    return foldingRanges(log.actions, lines)
      .filter((r) => r.start < last)
      .map((r) => new vscode.FoldingRange(r.start, Math.min(r.end, last), vscode.FoldingRangeKind.Region));
  }
}

function toSymbol(s: OutlineSymbol, document: vscode.TextDocument): vscode.DocumentSymbol {
  const last = document.lineCount - 1;
  const start = Math.min(s.range.start, last);
  const end = Math.min(s.range.end, last);
  const range = new vscode.Range(start, 0, end, document.lineAt(end).text.length);
  const selection = document.lineAt(Math.min(s.selectionLine, last)).range;
  const symbol = new vscode.DocumentSymbol(s.name, s.detail, vscode.SymbolKind.Function, range, selection.intersection(range) ?? range);
  symbol.children = s.children.map((c) => toSymbol(c, document));
  return symbol;
}
