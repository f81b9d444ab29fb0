// The job loop's views over the fake `vscode`: the CodeLens above a job definition, validation on
// save (trusted, and Restricted Mode), and the consent a Submit or Resubmit asks first.
import { configureServers, fake, World, world } from './harness';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { repoRoot } from '../../simulator/fixtures';
import { DefinitionLens } from '../../../src/vscode/views/definitionLens';
import { mayResubmit, serverToSubmit } from '../../../src/vscode/workflows/askSubmitConsent';
import { OTHER_SERVER } from '../../../src/vscode/documentServers';
import { watchDefinitions } from '../../../src/vscode/workflows/validateOnSave';
import { NOT_VALIDATED_UNTRUSTED } from '../../../src/core/text/trustText';

const VALID_JOB = readFileSync(`${repoRoot()}/test/simulator/data/submit/definitions/valid-job.yaml`, 'utf8');
const INVALID_JOB = readFileSync(`${repoRoot()}/test/simulator/data/submit/definitions/unknown-boot-method.yaml`, 'utf8');

describe('job loop views (fake vscode)', function () {
  this.timeout(20000);
  let w: World;
  beforeEach(async () => {
    w = await world();
  });
  afterEach(() => w.stop());

  function jobDocument(text = VALID_JOB, path = '/work/job.yaml') {
    return fake.openDocument(vscode.Uri.file(path) as never, text, 'yaml') as unknown as vscode.TextDocument;
  }

  describe('DefinitionLens', () => {
    const titles = (lenses: vscode.CodeLens[]) => lenses.map((l) => l.command?.title);

    it('none on YAML that is not a job', () => {
      const lens = new DefinitionLens(w.deps.documents);
      assert.deepEqual(lens.provideCodeLenses(jobDocument('name: ci\non: push\n')), []);
      lens.dispose();
    });

    it('Validate · Submit to LAVA… first; once a server is chosen, Submit to it (… in Restricted Mode)', () => {
      const lens = new DefinitionLens(w.deps.documents);
      const doc = jobDocument();
      const first = lens.provideCodeLenses(doc);
      assert.deepEqual(titles(first), ['Validate', 'Submit to LAVA…']);
      assert.deepEqual(first[0].command?.arguments, [doc.uri]);
      assert.equal(first[1].command?.command, 'lava.submitJob');
      w.deps.documents.remember(doc.uri, w.sim.url);
      // One server configured: Other server… still there (the modal's detail promises it; it offers Add Server…).
      assert.deepEqual(titles(lens.provideCodeLenses(doc)), ['Validate', 'Submit to sim', 'Other server…']);
      fake.setTrusted(false);
      assert.deepEqual(titles(lens.provideCodeLenses(doc)), ['Validate', 'Submit to sim…', 'Other server…']);
      lens.dispose();
    });

    it('several servers and one chosen: Other server…, which asks again', () => {
      configureServers(w.sim.url, 'https://other.example.org');
      const lens = new DefinitionLens(w.deps.documents);
      const doc = jobDocument();
      w.deps.documents.remember(doc.uri, w.sim.url);
      const lenses = lens.provideCodeLenses(doc);
      assert.deepEqual(titles(lenses), ['Validate', 'Submit to sim', 'Other server…']);
      assert.deepEqual(lenses[2].command?.arguments, [doc.uri, OTHER_SERVER]);
      lens.dispose();
    });

    it('asks VS Code again when trust is granted, the servers change or a server is chosen', () => {
      fake.setTrusted(false);
      const lens = new DefinitionLens(w.deps.documents);
      let changes = 0;
      lens.onDidChangeCodeLenses(() => changes++);
      fake.setTrusted(true);
      configureServers(w.sim.url, 'https://other.example.org');
      fake.setSetting('lava.logLevels', ['info']);
      w.deps.documents.remember(jobDocument().uri, w.sim.url);
      assert.equal(changes, 3);
      lens.dispose();
    });
  });

  describe('validation on save', () => {
    // LAVA 2023.01 validates over XML-RPC (scheduler.jobs.validate) or REST: either is a POST.
    const validateRequests = () => w.sim.requests.filter((r) => r.method === 'POST').length;

    it('trusted: a saved job definition is validated by its server, its problems in Problems', async () => {
      const watch = watchDefinitions(w.deps);
      const doc = jobDocument(INVALID_JOB);
      await (doc as unknown as { save(): Promise<boolean> }).save();
      const status = await fake.statusMessage((t) => /job\.yaml/.test(t));
      assert.equal(status, 'LAVA: sim found a problem in job.yaml: see Problems.');
      assert.equal(validateRequests(), 1);
      assert.doesNotMatch(status, /\]\(|\bcommand:\S/);
      assert.ok(w.deps.diagnostics.has(doc.uri), 'its problems are diagnostics');
      assert.equal(fake.messages.length, 0, 'on save: the status bar, no notification');
      watch.dispose();
    });

    it('trusted: a burst of saves asks once', async () => {
      const watch = watchDefinitions(w.deps);
      const doc = jobDocument() as unknown as { save(): Promise<boolean> };
      for (let i = 0; i < 5; i++) await doc.save();
      await fake.statusMessage((t) => /job\.yaml/.test(t));
      assert.equal(validateRequests(), 1);
      watch.dispose();
    });

    it('Restricted Mode: nothing is sent, the status bar says why; once trusted, the next save is validated', async () => {
      fake.setTrusted(false);
      const watch = watchDefinitions(w.deps);
      const untrusted = jobDocument(INVALID_JOB, '/work/untrusted.yaml') as unknown as { save(): Promise<boolean> };
      await untrusted.save();
      assert.equal(await fake.statusMessage(() => true), NOT_VALIDATED_UNTRUSTED);
      fake.setTrusted(true);
      // Another document (the same one would supersede a validation still in flight, hiding it).
      const trusted = jobDocument(INVALID_JOB) as unknown as { save(): Promise<boolean> };
      await trusted.save();
      await fake.statusMessage((t) => /job\.yaml/.test(t));
      // Only the trusted save reached the server.
      assert.equal(validateRequests(), 1);
      assert.deepEqual(fake.statusMessages, [NOT_VALIDATED_UNTRUSTED, 'LAVA: sim found a problem in job.yaml: see Problems.']);
      watch.dispose();
    });

    it('lava.validateOnSave false: nothing at all', async () => {
      fake.setSetting('lava.validateOnSave', false);
      const watch = watchDefinitions(w.deps);
      await (jobDocument(INVALID_JOB) as unknown as { save(): Promise<boolean> }).save();
      watch.dispose(); // a scheduled validation would be cancelled here: check nothing was scheduled
      assert.equal(w.sim.requests.length, 0);
      assert.equal(fake.statusMessages.length, 0);
    });

    it('closing the document drops its diagnostics', async () => {
      const watch = watchDefinitions(w.deps);
      const doc = jobDocument(INVALID_JOB);
      w.deps.diagnostics.set(doc.uri, [{ message: 'x', range: { startLine: 0, startCol: 0, endLine: 0, endCol: 1 } } as never]);
      fake.closeDocument(doc as never);
      assert.equal(w.deps.diagnostics.has(doc.uri), false);
      watch.dispose();
    });
  });

  describe('submit consent', () => {
    it('one server, first Submit: a modal question; yes is remembered, the next Submit sends at once', async () => {
      const doc = jobDocument();
      fake.answerMessages(() => 'Submit');
      const server = await serverToSubmit(w.deps, doc, 'my job', undefined);
      assert.equal(server?.url, w.sim.url);
      assert.equal(fake.messages.length, 1);
      assert.equal(fake.messages[0].modal, true);
      assert.deepEqual(fake.messages[0].buttons, ['Submit']);
      assert.match(fake.messages[0].message, /my job.*job\.yaml.*sim|sim.*job\.yaml/);
      assert.equal(w.deps.documents.chosen(doc.uri), w.sim.url);
      assert.equal((await serverToSubmit(w.deps, doc, 'my job', undefined))?.url, w.sim.url);
      assert.equal(fake.messages.length, 1, 'not asked again');
    });

    it('dismissed: nothing is sent, nothing remembered', async () => {
      const doc = jobDocument();
      assert.equal(await serverToSubmit(w.deps, doc, 'my job', undefined), undefined);
      assert.equal(w.deps.documents.chosen(doc.uri), undefined);
    });

    it('Restricted Mode: every Submit asks, even to the chosen server', async () => {
      const doc = jobDocument();
      w.deps.documents.remember(doc.uri, w.sim.url);
      fake.setTrusted(false);
      fake.answerMessages(() => 'Submit');
      await serverToSubmit(w.deps, doc, 'my job', undefined);
      await serverToSubmit(w.deps, doc, 'my job', undefined);
      assert.equal(fake.messages.filter((m) => m.modal).length, 2);
    });

    it('one server: Other server… offers Add Server…; the server added is then in the pick, and chosen', async () => {
      const doc = jobDocument();
      w.deps.documents.remember(doc.uri, w.sim.url);
      const added = vscode.commands.registerCommand('lava.addServer', () => configureServers(w.sim.url, 'https://new.example.org'));
      fake.answerQuickPicks((items) => items[items.length - 1]);
      const server = await serverToSubmit(w.deps, doc, 'my job', OTHER_SERVER);
      added.dispose();
      assert.deepEqual(
        fake.quickPicks.map((p) => p.items.map((i: { label: string }) => i.label)),
        [
          ['sim', 'Add Server…'],
          ['sim', 'sim2'],
        ],
      );
      assert.equal(server?.url, 'https://new.example.org');
      assert.equal(w.deps.documents.chosen(doc.uri), 'https://new.example.org');
    });

    it('several servers: a pick (the chosen one first, said current); Other server… asks again', async () => {
      configureServers(w.sim.url, 'https://other.example.org');
      const doc = jobDocument();
      fake.answerQuickPicks((items) => items.find((i: { label: string }) => i.label === 'sim2'));
      assert.equal((await serverToSubmit(w.deps, doc, 'my job', undefined))?.url, 'https://other.example.org');
      assert.equal(w.deps.documents.chosen(doc.uri), 'https://other.example.org');
      assert.equal((await serverToSubmit(w.deps, doc, 'my job', undefined))?.url, 'https://other.example.org');
      assert.equal(fake.quickPicks.length, 1);
      await serverToSubmit(w.deps, doc, 'my job', OTHER_SERVER);
      assert.equal(fake.quickPicks.length, 2);
      assert.equal(fake.quickPicks[1].items.length, 3, 'both servers and Add Server…');
      assert.equal(fake.quickPicks[1].items[0].label, 'sim2');
      assert.match(fake.quickPicks[1].items[0].description, /other\.example\.org/);
    });

    it('no server: told, with Set Token…', async () => {
      fake.setSetting('lava.servers', []);
      assert.equal(await serverToSubmit(w.deps, jobDocument(), 'my job', undefined), undefined);
      assert.equal(fake.messages[0].severity, 'error');
      assert.deepEqual(fake.messages[0].buttons, ['Set Token…']);
    });

    it('Resubmit asks only in Restricted Mode', async () => {
      const server = { name: 'sim', url: w.sim.url, api: 'auto' as const };
      assert.equal(await mayResubmit('5', server), true);
      assert.equal(fake.messages.length, 0);
      fake.setTrusted(false);
      assert.equal(await mayResubmit('5', server), false);
      fake.answerMessages(() => 'Resubmit');
      assert.equal(await mayResubmit('5', server), true);
      assert.equal(fake.messages.length, 2);
      assert.match(fake.messages[0].message, /5/);
    });
  });
});
