import * as vscode from 'vscode';
import { DefinitionSymbol, definitionFolding, definitionOutline, OutlineKind } from '../../core/jobSchema/outline';
import { DefinitionReads } from './definitionReads';

const KINDS: Record<OutlineKind, vscode.SymbolKind> = {
  key: vscode.SymbolKind.Property,
  deploy: vscode.SymbolKind.Package,
  boot: vscode.SymbolKind.Constructor,
  test: vscode.SymbolKind.Method,
  command: vscode.SymbolKind.Function,
  action: vscode.SymbolKind.Field,
};

/**
 * A job definition's Outline (top-level keys; the actions in order with their method and timeout)
 * and folding. Other YAML documents get nothing from here; job-log documents have their own
 * (views/jobLogStructure.ts, another language and scheme).
 */
export class DefinitionStructure implements vscode.DocumentSymbolProvider, vscode.FoldingRangeProvider {
  constructor(private readonly reads: DefinitionReads) {}

  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
    const read = this.reads.read(document);
    if (!read) return [];
    return definitionOutline(read.tree).map((s) => toSymbol(s, document));
  }

  provideFoldingRanges(document: vscode.TextDocument): vscode.FoldingRange[] {
    const read = this.reads.read(document);
    if (!read) return [];
    const last = document.lineCount - 1;
    return definitionFolding(read.tree)
      .filter((r) => r.start < last)
      .map((r) => new vscode.FoldingRange(r.start, Math.min(r.end, last)));
  }
}

function toSymbol(s: DefinitionSymbol, document: vscode.TextDocument): vscode.DocumentSymbol {
  const last = document.lineCount - 1;
  const end = Math.min(s.endLine, last);
  const range = new vscode.Range(Math.min(s.line, last), 0, end, document.lineAt(end).text.length);
  const selection = new vscode.Range(document.positionAt(s.selectionStart), document.positionAt(s.selectionEnd));
  const symbol = new vscode.DocumentSymbol(s.name, s.detail, KINDS[s.kind], range, range.contains(selection) ? selection : range);
  symbol.children = s.children.map((c) => toSymbol(c, document));
  return symbol;
}
