// Offline diagnostics of job definitions as you type, and their quick fixes, over the fake `vscode` (issue 23).
// No server at all: the checks are offline. Time is the virtual clock's.
import { fake } from './fake';
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { OfflineDiagnostics, OFFLINE_DELAY_MS } from '../../../src/vscode/authoring/offlineDiagnostics';
import { OfflineQuickFixes } from '../../../src/vscode/authoring/quickFixes';
import { OFFLINE_SOURCE } from '../../../src/core/text/schemaText';
import { VirtualClock } from '../helpers';
import { QEMU_JOB } from '../core/jobSchema/jobs';
import type { FakeTextDocument } from './fake/vscode';

const TYPO = QEMU_JOB.replace('to: tmpfs', 'to: tmpfz');

function offline() {
  const c = fake.diagnosticCollections.find((d) => d.name === OFFLINE_SOURCE);
  assert.ok(c, 'the offline collection');
  return c;
}

function change(doc: FakeTextDocument, text: string): void {
  doc.setText(text);
  fake.events.changeDocument.fire({ document: doc, contentChanges: [] });
}

/** Lets the promise callbacks of woken sleeps run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function applyEdit(doc: FakeTextDocument, edit: vscode.WorkspaceEdit): string {
  const edits = (edit as unknown as { edits: { range: vscode.Range; newText: string }[] }).edits;
  let text = doc.getText();
  for (const e of [...edits].sort((a, b) => doc.offsetAt(b.range.start) - doc.offsetAt(a.range.start))) {
    text = text.slice(0, doc.offsetAt(e.range.start)) + e.newText + text.slice(doc.offsetAt(e.range.end));
  }
  return text;
}

describe('offline diagnostics of job definitions (fake vscode, no server)', () => {
  let clock: VirtualClock;
  let diagnostics: OfflineDiagnostics;
  beforeEach(() => {
    fake.reset();
    clock = new VirtualClock();
    diagnostics = new OfflineDiagnostics(clock);
  });
  afterEach(() => diagnostics.dispose());

  it('flags `to: tmpfz` on open, on that value, apart from the server diagnostics ("LAVA")', () => {
    const doc = fake.openDocument('file:///w/job.yaml', TYPO, 'yaml');
    const found = offline().get(doc.uri) ?? [];
    assert.equal(found.length, 1);
    const d = found[0];
    assert.equal(d.source, 'LAVA (offline)');
    assert.equal(d.code, 'not-allowed');
    assert.equal(doc.getText(d.range), 'tmpfz');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.notEqual(offline().name, 'LAVA');
  });

  it('as you type: checked once, OFFLINE_DELAY_MS after the last change, without saving', async () => {
    const doc = fake.openDocument('file:///w/job.yaml', QEMU_JOB, 'yaml');
    assert.deepEqual(offline().get(doc.uri), []);
    const before = diagnostics.runs;
    change(doc, QEMU_JOB.replace('to: tmpfs', 'to: tmp'));
    clock.advance(OFFLINE_DELAY_MS - 1);
    change(doc, TYPO);
    clock.advance(OFFLINE_DELAY_MS - 1);
    await settle();
    assert.equal(diagnostics.runs, before, 'not yet: typing goes on');
    assert.deepEqual(offline().get(doc.uri), []);
    clock.advance(1);
    await settle();
    assert.equal(diagnostics.runs, before + 1, 'one check for the two changes');
    assert.equal(doc.getText(offline().get(doc.uri)?.[0].range), 'tmpfz');
  });

  it('the quick fix turns `tmpfz` into `tmpfs`, and the diagnostic goes once the text is fixed', async () => {
    const doc = fake.openDocument('file:///w/job.yaml', TYPO, 'yaml');
    const d = offline().get(doc.uri)?.[0];
    assert.ok(d);
    const actions = new OfflineQuickFixes(diagnostics).provideCodeActions(
      doc as unknown as vscode.TextDocument,
      d.range as never,
      {
        diagnostics: [d],
      } as unknown as vscode.CodeActionContext,
    );
    assert.equal(actions.length, 1);
    assert.equal(actions[0].title, 'Change to `tmpfs`');
    assert.equal(actions[0].kind, vscode.CodeActionKind.QuickFix);
    const fixed = applyEdit(doc, actions[0].edit as vscode.WorkspaceEdit);
    assert.equal(fixed, QEMU_JOB);
    change(doc, fixed);
    clock.advance(OFFLINE_DELAY_MS);
    await settle();
    assert.deepEqual(offline().get(doc.uri), []);
  });

  it('no quick fix for another source, nor for a document changed since (checked again first)', () => {
    const doc = fake.openDocument('file:///w/job.yaml', TYPO, 'yaml');
    const d = offline().get(doc.uri)?.[0];
    assert.ok(d);
    const fixes = new OfflineQuickFixes(diagnostics);
    const server = new vscode.Diagnostic(d.range as never, d.message);
    server.source = 'LAVA';
    const ctx = (diags: vscode.Diagnostic[]) => ({ diagnostics: diags }) as unknown as vscode.CodeActionContext;
    assert.deepEqual(fixes.provideCodeActions(doc as unknown as vscode.TextDocument, d.range as never, ctx([server])), []);
    doc.setText(QEMU_JOB); // typed, the debounce not yet run: the stale diagnostic finds no problem there
    assert.deepEqual(fixes.provideCodeActions(doc as unknown as vscode.TextDocument, d.range as never, ctx([d as never])), []);
  });

  it('only job definitions: other YAML and other languages get none; closing clears', async () => {
    const other = fake.openDocument('file:///w/ci.yaml', 'stages: [build]\nto: tmpfz\n', 'yaml');
    const text = fake.openDocument('file:///w/job.txt', TYPO, 'plaintext');
    assert.equal(offline().get(other.uri), undefined);
    assert.equal(offline().get(text.uri), undefined);
    const doc = fake.openDocument('file:///w/job.yaml', TYPO, 'yaml');
    assert.equal(offline().get(doc.uri)?.length, 1);
    change(doc, TYPO); // a check pending …
    fake.closeDocument(doc);
    assert.equal(offline().get(doc.uri), undefined);
    const runs = diagnostics.runs;
    clock.advance(OFFLINE_DELAY_MS);
    await settle();
    assert.equal(diagnostics.runs, runs, '… dropped with the document');
    assert.equal(clock.pending, 0);
  });

  it('documents already open when it starts are checked', () => {
    diagnostics.dispose();
    const doc = fake.openDocument('file:///w/open.yaml', TYPO, 'yaml');
    diagnostics = new OfflineDiagnostics(clock);
    const all = fake.diagnosticCollections.filter((c) => c.name === OFFLINE_SOURCE && !c.disposed);
    assert.equal(all.length, 1);
    assert.equal(all[0].get(doc.uri)?.length, 1);
  });
});
