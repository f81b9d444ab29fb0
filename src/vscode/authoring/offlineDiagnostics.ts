import * as vscode from 'vscode';
import type { SchemaProblem } from '../../core/model/jobSchema';
import { checkDefinition } from '../../core/jobSchema/checkDefinition';
import { looksLikeJobText } from '../../core/submit/definitionText';
import { OFFLINE_SOURCE } from '../../core/text/schemaText';
import { plainLine } from '../../core/untrusted/plainForSurface';
import { systemClock, type Clock } from '../../core/util/clock';

/** How long typing must pause before a document is checked again. */
export const OFFLINE_DELAY_MS = 300;

/** The documents checked: YAML that looks like a job definition (a look at the text, core/submit/definitionText.ts). */
function isCandidate(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'yaml' && doc.uri.scheme !== 'output' && looksLikeJobText(doc.getText());
}

interface Checked {
  readonly version: number;
  readonly problems: readonly SchemaProblem[];
}

/**
 * Offline diagnostics of job definitions, as you type (issue 23): a collection of their own
 * ("LAVA (offline)"), apart from validate-on-save's server diagnostics ("LAVA",
 * views/definitionDiagnostics.ts). A document is checked when it opens, OFFLINE_DELAY_MS after the
 * last change, and forgotten when it closes. The check (core/jobSchema/checkDefinition.ts) is bounded: one
 * parse of at most 64 KB, a walk of capped steps.
 */
export class OfflineDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(OFFLINE_SOURCE);
  private readonly checked = new Map<string, Checked>();
  private readonly waits = new Map<string, AbortController>();
  private readonly subscriptions: vscode.Disposable[];
  private disposed = false;
  /** Checks run (tests count them instead of timing them). */
  runs = 0;

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly delayMs = OFFLINE_DELAY_MS,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((doc) => this.refresh(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
    ];
    for (const doc of vscode.workspace.textDocuments) this.refresh(doc);
  }

  /** Checks after the delay (a newer change restarts it). */
  schedule(doc: vscode.TextDocument): void {
    if (this.disposed) return;
    const key = doc.uri.toString();
    this.waits.get(key)?.abort();
    const wait = new AbortController();
    this.waits.set(key, wait);
    this.clock.sleep(this.delayMs, wait.signal).then(
      () => {
        if (this.waits.get(key) !== wait) return;
        this.waits.delete(key);
        if (!doc.isClosed) this.refresh(doc);
      },
      () => undefined, // a newer change, a close or dispose
    );
  }

  /** Checks now. */
  refresh(doc: vscode.TextDocument): void {
    if (this.disposed) return;
    if (!isCandidate(doc)) {
      this.forget(doc.uri, false);
      return;
    }
    const problems = this.problemsOf(doc);
    this.collection.set(
      doc.uri,
      problems.map((p) => toDiagnostic(doc, p)),
    );
  }

  /** The problems of the document as it is now (checked again if it changed since). */
  problemsOf(doc: vscode.TextDocument): readonly SchemaProblem[] {
    const key = doc.uri.toString();
    const had = this.checked.get(key);
    if (had && had.version === doc.version) return had.problems;
    this.runs++;
    const problems = checkDefinition(doc.getText());
    this.checked.set(key, { version: doc.version, problems });
    return problems;
  }

  /** Whether the document is one this checks (for the quick fixes). */
  handles(doc: vscode.TextDocument): boolean {
    return isCandidate(doc);
  }

  private forget(uri: vscode.Uri, cancel = true): void {
    const key = uri.toString();
    if (cancel) {
      this.waits.get(key)?.abort();
      this.waits.delete(key);
    }
    this.checked.delete(key);
    this.collection.delete(uri);
  }

  dispose(): void {
    this.disposed = true;
    for (const w of this.waits.values()) w.abort();
    this.waits.clear();
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}

/** The range between two offsets of the document. */
export function offsetRange(doc: vscode.TextDocument, start: number, end: number): vscode.Range {
  return new vscode.Range(doc.positionAt(start), doc.positionAt(Math.max(start, end)));
}

/** A problem as VS Code shows it (the message plain, on one line). */
export function toDiagnostic(doc: vscode.TextDocument, p: SchemaProblem): vscode.Diagnostic {
  const severity = p.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error;
  const d = new vscode.Diagnostic(offsetRange(doc, p.start, p.end), plainLine(p.message), severity);
  d.source = OFFLINE_SOURCE;
  d.code = p.code;
  return d;
}
