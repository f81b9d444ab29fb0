// LAVA: Save Job Log As… over the simulator (fake vscode): the raw log or the document's text, to the
// file the save dialog names; no file left behind when it fails.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fake, world, World } from './harness';
import { extras, Uri } from './fake/vscode';
import { saveJobLogAsCommand } from '../../../src/vscode/commands/saveJobLogAs';
import { jobLogUri } from '../../../src/core/document/jobLogUri';
import { loadOutputYaml } from '../../simulator/fixtures';

function until(check: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => reject(new Error(`never: ${what}`)), 10_000);
    const look = () => {
      if (check()) {
        clearTimeout(guard);
        resolve();
      } else setTimeout(look, 1);
    };
    look();
  });
}

describe('LAVA: Save Job Log As… (fake vscode, simulator)', () => {
  let w: World;
  let dir: string;
  beforeEach(async () => {
    w = await world();
    extras.clear();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lava-save-'));
  });
  afterEach(async () => {
    await w.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("saves the raw log: LAVA's records as the server keeps them, to the file chosen", async () => {
    const records = loadOutputYaml('complete');
    w.sim.addRestJob({ id: '41', records, health: 'Complete', batchIntervalMs: 0, linesPerSecond: 1_000_000 });
    await until(() => w.sim.restJob('41').lines(0).length === records.length, 'the log visible');
    const file = path.join(dir, 'job_41.yaml');
    extras.saveAnswer = Uri.file(file);
    await saveJobLogAsCommand(w.deps, w.sim.url, '41');
    assert.equal(fs.readFileSync(file, 'utf8'), records.map((l) => `${l}\n`).join(''));
    assert.equal(extras.saveDialogs.length, 1);
    assert.match(extras.saveDialogs[0].defaultUri.path, /job_41\.yaml$/);
    assert.equal(fake.quickPicks.length, 0, 'no document open: only the raw log, nothing asked');
    assert.ok(
      fake.progress.some((p: { cancellable?: boolean }) => p.cancellable === true),
      'with progress and Cancel',
    );
    assert.match(fake.messages.at(-1)!.message, /^Saved the log of LAVA job 41 to .*job_41\.yaml \(\d+(\.\d)? KB\)\.$/);
    // The token went with the requests (a configured server).
    assert.ok(w.sim.requests.filter((r) => r.path.endsWith('/logs/')).every((r) => r.authorization === 'Token simtoken0123456789abcdef'));
  });

  it('from a job log document: the plain text as shown, when chosen', async () => {
    const uri = jobLogUri({ serverUrl: w.sim.url, jobId: '42' });
    const text = Array.from({ length: 12_001 }, (_, i) => `12:00:00 line ${i} é`).join('\n') + '\n';
    const doc = fake.openDocument(Uri.from(uri), text, 'lava-log');
    fake.showEditor(doc);
    fake.answerQuickPicks((items: { label: string }[]) => items.find((i) => i.label === 'Plain text as shown'));
    const file = path.join(dir, 'job_42.log');
    extras.saveAnswer = Uri.file(file);
    await saveJobLogAsCommand(w.deps);
    assert.deepEqual(
      fake.quickPicks[0].items.map((i: { label: string }) => i.label),
      ['Raw log', 'Plain text as shown'],
    );
    assert.equal(fs.readFileSync(file, 'utf8'), text);
    assert.equal(w.sim.requests.length, 0, 'nothing asked of the server');
  });

  it('a failed save says why and leaves no file; a dismissed dialog does nothing', async () => {
    const records = loadOutputYaml('complete');
    w.sim.addRestJob({ id: '43', records, health: 'Complete', batchIntervalMs: 0, linesPerSecond: 1_000_000 });
    await until(() => w.sim.restJob('43').lines(0).length === records.length, 'the log visible');
    await saveJobLogAsCommand(w.deps, w.sim.url, '43'); // dialog dismissed
    assert.equal(fake.messages.length, 0);
    const file = path.join(dir, 'job_43.yaml');
    extras.saveAnswer = Uri.file(file);
    w.sim.fault({ jobId: '43', kind: 'reset-mid-body' });
    await saveJobLogAsCommand(w.deps, w.sim.url, '43');
    assert.equal(fake.messages.at(-1)?.severity, 'error');
    assert.match(fake.messages.at(-1)!.message, /^Could not save the log of LAVA job 43: /);
    assert.equal(fs.existsSync(file), false, 'the partial file is removed');
    // A job without a log: said, no empty file saved.
    await saveJobLogAsCommand(w.deps, w.sim.url, '44');
    assert.match(fake.messages.at(-1)!.message, /^Could not save the log of LAVA job 44: LAVA has no log for job 44/);
    assert.equal(fs.existsSync(file), false);
  });
});
