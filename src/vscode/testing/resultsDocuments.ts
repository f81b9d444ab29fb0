import * as vscode from 'vscode';
import { parseResultsUri, ResultsAddress, resultsUri, RESULTS_SCHEME } from '../../core/document/resultsUri';
import { TESTING } from '../../core/text/testingText';

/** Reads and words what a results document shows (a job's results, or a comparison of two jobs). */
export type ResultsReader = (address: ResultsAddress) => Promise<string>;

/**
 * Results as read-only documents (`lava-results:`): plain text, no editor that asks to save. The text
 * of a document is kept while it is open; one VS Code restores after a reload is read again.
 */
export class ResultsDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changes = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changes.event;
  private readonly closing: vscode.Disposable;

  constructor(private readonly read: ResultsReader) {
    this.closing = vscode.workspace.onDidCloseTextDocument((doc) => {
      if (doc.uri.scheme === RESULTS_SCHEME) this.texts.delete(doc.uri.toString());
    });
  }

  static uri(address: ResultsAddress): vscode.Uri {
    return vscode.Uri.from(resultsUri(address));
  }

  /** Gives a document its text (read by the caller already); an open one shows it at once. */
  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changes.fire(uri);
  }

  /** Opens the document of `address` with `text`, in a preview editor. */
  async show(address: ResultsAddress, text: string): Promise<void> {
    const uri = ResultsDocuments.uri(address);
    this.set(uri, text);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const known = this.texts.get(uri.toString());
    if (known !== undefined) return known;
    const address = parseResultsUri(uri);
    if (!address) return TESTING.notResultsAddress;
    const text = await this.read(address);
    this.texts.set(uri.toString(), text);
    return text;
  }

  dispose(): void {
    this.closing.dispose();
    this.changes.dispose();
    this.texts.clear();
  }
}
