// Long work shows progress and can be cancelled (issue 24): Cancel on the progress notification of Show
// Results and Save Job Log As… ends their requests at once (a server that never answers), nothing said.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fake, quickJob, world, World } from './harness';
import { extras, Uri } from './fake/vscode';
import { showResultsCommand } from '../../../src/vscode/commands/showResults';
import { saveJobLogAsCommand } from '../../../src/vscode/commands/saveJobLogAs';
import { ResultsDocuments } from '../../../src/vscode/testing/resultsDocuments';

describe('progress with Cancel: Show Results, Save Job Log As… (fake vscode, simulator)', () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
    extras.clear();
  });
  afterEach(async () => {
    extras.clear();
    await w.stop();
  });

  it('Show Results: Cancel ends the hanging request at once, no error told', async () => {
    quickJob(w.sim, '51');
    w.sim.fault({ jobId: '51', kind: 'hang', count: 10 });
    extras.cancelProgressAfterMs = 50;
    const results = new ResultsDocuments(async () => '');
    await showResultsCommand({ ...w.deps, results }, w.sim.url, '51'); // would wait 30 s for the server
    results.dispose();
    assert.ok(fake.progress.some((p: { cancellable?: boolean }) => p.cancellable));
    assert.equal(fake.messages.length, 0, fake.messages.map((m) => m.message).join('\n'));
  });

  it('Save Job Log As…: Cancel ends the hanging request at once and leaves no file', async () => {
    quickJob(w.sim, '52');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lava-save-'));
    const file = path.join(dir, 'job_52.yaml');
    extras.saveAnswer = Uri.file(file);
    fake.setSetting('lava.requestTimeoutSeconds', 60);
    await w.deps.apis.resolve({ name: 'sim', url: w.sim.url, api: 'auto' }, undefined).catch(() => undefined);
    w.sim.fault({ jobId: '52', kind: 'hang', count: 10 });
    extras.cancelProgressAfterMs = 50;
    await saveJobLogAsCommand(w.deps, w.sim.url, '52');
    assert.equal(fs.existsSync(file), false);
    assert.equal(fake.messages.length, 0, fake.messages.map((m) => m.message).join('\n'));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
