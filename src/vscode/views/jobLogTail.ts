import * as vscode from 'vscode';
import { JOB_LOG_SCHEME } from '../../core/document/jobLogUri';

/** Context key: the active job-log editor does not follow the end (LAVA: Scroll to End is offered). */
export const SCROLLED_UP_CONTEXT = 'lava.jobLogScrolledUp';

/**
 * Follows the tail of job-log documents as a person expects: while an editor shows the last
 * line, it keeps up with new text; scrolled up, it stays where the reader is.
 */
export class JobLogTail implements vscode.Disposable {
  /** Editors (by document) whose last line is not in view. */
  private readonly scrolledUp = new Set<string>();
  private readonly subscriptions: vscode.Disposable[];
  /** Line counts before the latest change, to tell "was at the end" from "is at the end". */
  private readonly lineCounts = new Map<string, number>();

  constructor() {
    this.subscriptions = [
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.onScroll(e.textEditor)),
      vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e.document)),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        this.scrolledUp.delete(doc.uri.toString());
        this.lineCounts.delete(doc.uri.toString());
      }),
    ];
  }

  /** LAVA: Scroll to End — shows the last line and follows the tail again. */
  scrollToEnd(editor: vscode.TextEditor | undefined = vscode.window.activeTextEditor): void {
    if (!editor || editor.document.uri.scheme !== JOB_LOG_SCHEME) return;
    this.scrolledUp.delete(editor.document.uri.toString());
    revealEnd(editor);
    this.updateContext();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  private onScroll(editor: vscode.TextEditor): void {
    const doc = editor.document;
    if (doc.uri.scheme !== JOB_LOG_SCHEME) return;
    const key = doc.uri.toString();
    const lastVisible = editor.visibleRanges.at(-1)?.end.line ?? 0;
    const lines = this.lineCounts.get(key) ?? doc.lineCount;
    if (lastVisible >= Math.min(lines, doc.lineCount) - 2) this.scrolledUp.delete(key);
    else this.scrolledUp.add(key);
    this.lineCounts.set(key, doc.lineCount);
    this.updateContext();
  }

  private onChange(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== JOB_LOG_SCHEME) return;
    const key = doc.uri.toString();
    if (!this.scrolledUp.has(key)) {
      for (const editor of vscode.window.visibleTextEditors) if (editor.document === doc) revealEnd(editor);
    }
    this.lineCounts.set(key, doc.lineCount);
  }

  private updateContext(): void {
    const editor = vscode.window.activeTextEditor;
    const up = editor !== undefined && editor.document.uri.scheme === JOB_LOG_SCHEME && this.scrolledUp.has(editor.document.uri.toString());
    void vscode.commands.executeCommand('setContext', SCROLLED_UP_CONTEXT, up);
  }
}

function revealEnd(editor: vscode.TextEditor): void {
  const last = Math.max(0, editor.document.lineCount - 1);
  editor.revealRange(new vscode.Range(last, 0, last, 0), vscode.TextEditorRevealType.Default);
}
