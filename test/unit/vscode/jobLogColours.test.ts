// The board's colours in a job-log document (fake vscode, simulator): decorations on the coloured
// words, no escape in the text, a bounded number of decoration types.
import { jobLogDocumentsOf, World, world } from './harness';
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { editorDecorations, FakeTextEditor } from './fake';
import { openJobLog } from '../../../src/vscode/commands/openJobLog';
import { JobLogDocuments } from '../../../src/vscode/views/jobLogDocuments';
import { JobLogColours } from '../../../src/vscode/views/jobLogColours';
import { JOB_LOG_SCHEME } from '../../../src/core/document/jobLogUri';
import { MAX_STYLES } from '../../../src/core/log/ansiStyles';
import { addColourJob } from '../../simulator/colourJob';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('job-log documents: the board colours as decorations (fake vscode, simulator)', function () {
  this.timeout(20000);
  let w: World;
  let documents: JobLogDocuments;
  let colours: JobLogColours;
  let registration: vscode.Disposable;
  beforeEach(async () => {
    w = await world();
    documents = jobLogDocumentsOf(w, { time: 'utc' });
    colours = new JobLogColours(documents, 0);
    registration = vscode.workspace.registerTextDocumentContentProvider(JOB_LOG_SCHEME, documents);
  });
  afterEach(async () => {
    registration.dispose();
    colours.dispose();
    documents.dispose();
    await w.stop();
  });

  async function untilComplete(uri: vscode.Uri): Promise<void> {
    for (let i = 0; i < 2000 && !documents.isComplete(uri); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.ok(documents.isComplete(uri));
    for (let i = 0; i < 5; i++) await tick();
  }

  /** Each decorated piece of text with its decoration's options. */
  type Options = { color?: { id: string }; fontWeight?: string };
  function decorated(editor: vscode.TextEditor): { text: string; options: Options }[] {
    const out: { text: string; options: Options }[] = [];
    for (const [type, ranges] of editorDecorations.get(editor as unknown as FakeTextEditor) ?? [])
      for (const r of ranges) out.push({ text: editor.document.getText(r as unknown as vscode.Range), options: type.options });
    return out;
  }

  it('"[32mgreen[0m" shows "green" in the theme\'s terminal green; no escape in the text; the pass follows the document', async () => {
    addColourJob(w.sim, '60');
    const editor = await openJobLog({ serverUrl: w.sim.url, jobId: '60' });
    await untilComplete(editor.document.uri);
    for (let i = 0; i < 200 && colours.passes === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.ok(colours.passes > 0, 'a pass ran on its own (the document changed)');
    const text = editor.document.getText();
    assert.ok(!text.includes('\x1b') && !text.includes('␛'), 'no ESC');
    assert.doesNotMatch(text, /\[32m|\[0m/);
    assert.match(text, /^\d\d:\d\d:\d\d \| green$/m);
    assert.match(text, /^\d\d:\d\d:\d\d \| \[ {2}OK {2}\] Started Journal Service\.$/m);
    const seen = decorated(editor).map((d) => [d.text, d.options.color?.id, d.options.fontWeight]);
    assert.deepEqual(
      seen.sort(),
      [
        ['  OK  ', 'terminal.ansiGreen', undefined],
        ['FAIL', 'terminal.ansiRed', 'bold'],
        ['PASS', 'terminal.ansiGreen', 'bold'],
        ['green', 'terminal.ansiGreen', undefined],
        ['green', 'terminal.ansiGreen', undefined],
      ].sort(),
    );
  });

  it('hostile: 5000 distinct colours on one line make at most 64 decoration types', async () => {
    addColourJob(w.sim, '61', { hostileColours: 5000 });
    const editor = await openJobLog({ serverUrl: w.sim.url, jobId: '61' });
    await untilComplete(editor.document.uri);
    colours.apply(editor);
    const types = editorDecorations.get(editor as unknown as FakeTextEditor)!;
    assert.ok(types.size <= MAX_STYLES, `${types.size} decoration types`);
    assert.equal(documents.logOf(editor.document.uri)!.styles.size, MAX_STYLES);
    assert.match(editor.document.getText(), new RegExp(`\\| ${'x'.repeat(5000)}$`, 'm'));
  });
});
