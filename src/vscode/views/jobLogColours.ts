import * as vscode from 'vscode';
import { colourRanges } from '../../core/document/logColours';
import { JOB_LOG_SCHEME } from '../../core/document/jobLogUri';
import type { AnsiColor, TextStyle } from '../../core/log/ansiStyles';
import { JobLogDocuments } from './jobLogDocuments';

/** Lines coloured above and below what an editor shows (scrolling a little needs no new pass). */
const MARGIN_LINES = 300;
/** A pass waits this long after a scroll or a change (several in a row give one pass). */
const DELAY_MS = 60;

/** The 16 ANSI colours as the theme's terminal colours. */
const ANSI_NAMES = ['Black', 'Red', 'Green', 'Yellow', 'Blue', 'Magenta', 'Cyan', 'White'];

function themeColor(c: AnsiColor): vscode.ThemeColor | string {
  if (typeof c === 'string') return c;
  return new vscode.ThemeColor(`terminal.ansi${c >= 8 ? 'Bright' : ''}${ANSI_NAMES[c % 8]}`);
}

/** How a style of the board's looks: the theme's terminal colours for the 16, RGB for the others. */
export function decorationOptions(style: TextStyle): vscode.DecorationRenderOptions {
  const options: vscode.DecorationRenderOptions = { rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed };
  if (style.fg !== undefined) options.color = themeColor(style.fg);
  if (style.bg !== undefined) options.backgroundColor = themeColor(style.bg);
  if (style.bold) options.fontWeight = 'bold';
  if (style.italic) options.fontStyle = 'italic';
  if (style.underline) options.textDecoration = 'underline';
  return options;
}

/**
 * The board's colours in job-log documents, as decorations: only on editors that show one, only
 * on the lines around what they show (core/document/logColours.ts: bounded a pass), again after
 * each scroll and each time the document grows. One decoration type per style of a log (at most
 * MAX_STYLES: core/log/ansiStyles.ts), made when first needed, disposed with the document.
 */
export class JobLogColours implements vscode.Disposable {
  private readonly types = new Map<string, Map<number, vscode.TextEditorDecorationType>>();
  private readonly timers = new Map<vscode.TextEditor, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[];
  /** Passes done (tests count them). */
  passes = 0;

  constructor(
    private readonly documents: JobLogDocuments,
    private readonly delayMs = DELAY_MS,
  ) {
    this.subscriptions = [
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.schedule(e))),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.schedule(e.textEditor)),
      vscode.workspace.onDidChangeTextDocument((e) => this.editorsOf(e.document.uri).forEach((ed) => this.schedule(ed))),
      documents.onDidRender((uri) => this.editorsOf(uri).forEach((ed) => this.schedule(ed))),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
    ];
    for (const editor of vscode.window.visibleTextEditors) this.schedule(editor);
  }

  /** Colours an editor now (its scheduled pass, or a test's). */
  apply(editor: vscode.TextEditor): void {
    const doc = editor.document;
    const log = this.documents.logOf(doc.uri);
    const lines = this.documents.linesOf(doc.uri);
    if (!log || !lines || log.styles.size === 0) return;
    this.passes++;
    const shown = editor.visibleRanges.length > 0 ? editor.visibleRanges : [new vscode.Range(0, 0, 0, 0)];
    const from = Math.max(0, Math.min(...shown.map((r) => r.start.line)) - MARGIN_LINES);
    const to = Math.max(...shown.map((r) => r.end.line)) + MARGIN_LINES;
    const lineCount = doc.lineCount;
    const found = colourRanges(log, lines, from, to, (line) => (line < lineCount ? doc.lineAt(line).text : undefined));
    const byStyle = new Map<number, vscode.Range[]>();
    for (const r of found) {
      let list = byStyle.get(r.style);
      if (!list) byStyle.set(r.style, (list = []));
      list.push(new vscode.Range(r.line, r.start, r.line, r.end));
    }
    // Every style of the log: those with no range here are cleared (a scroll moved away from them).
    for (let id = 0; id < log.styles.size; id++) {
      const ranges = byStyle.get(id);
      const type = ranges ? this.typeOf(doc.uri, id, log.styles.style(id)!) : this.types.get(doc.uri.toString())?.get(id);
      if (type) editor.setDecorations(type, ranges ?? []);
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const key of [...this.types.keys()]) this.forget(vscode.Uri.parse(key));
  }

  private editorsOf(uri: vscode.Uri): vscode.TextEditor[] {
    const key = uri.toString();
    return vscode.window.visibleTextEditors.filter((e) => e.document.uri.toString() === key);
  }

  private schedule(editor: vscode.TextEditor): void {
    if (editor.document.uri.scheme !== JOB_LOG_SCHEME || this.timers.has(editor)) return;
    this.timers.set(
      editor,
      setTimeout(() => {
        this.timers.delete(editor);
        if (vscode.window.visibleTextEditors.includes(editor)) this.apply(editor);
      }, this.delayMs),
    );
  }

  private typeOf(uri: vscode.Uri, id: number, style: TextStyle): vscode.TextEditorDecorationType {
    const key = uri.toString();
    let types = this.types.get(key);
    if (!types) this.types.set(key, (types = new Map()));
    let type = types.get(id);
    if (!type) types.set(id, (type = vscode.window.createTextEditorDecorationType(decorationOptions(style))));
    return type;
  }

  private forget(uri: vscode.Uri): void {
    const types = this.types.get(uri.toString());
    if (!types) return;
    for (const t of types.values()) t.dispose();
    this.types.delete(uri.toString());
  }
}
