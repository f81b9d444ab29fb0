// The LAVA view over the fake VS Code: trees fed from the simulator over real HTTP, the badge and the
// description, item actions as adapters onto the job commands, Filter Jobs…, and server management.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fake, quickJob, TOKEN, world, World } from './harness';
import { FakeTreeView } from './fake';
import { JobNode } from '../../../src/core/lavaView/jobsModel';
import { LavaViewController } from '../../../src/core/lavaView/viewController';
import { cancelJobCommand } from '../../../src/vscode/commands/cancelJob';
import { LavaViews } from '../../../src/vscode/lavaView/lavaViews';
import { createLavaTreeViews, LavaTreeViews } from '../../../src/vscode/lavaView/lazyViews';
import { addServerCommand, removeServerCommand, testConnectionCommand } from '../../../src/vscode/lavaView/serverCommands';
import { getServers } from '../../../src/vscode/settings';
import { VirtualClock } from '../helpers';

describe('LAVA view (VS Code layer)', () => {
  let w: World;
  let views: LavaTreeViews;
  let lava: LavaViews | undefined;
  let started = 0;
  const clock = new VirtualClock({ start: Date.now() });

  beforeEach(async () => {
    w = await world();
    started = 0;
    lava = undefined;
    views = createLavaTreeViews(() => {
      started++;
      const controller = new LavaViewController({
        fetch: w.deps.fetch,
        timeoutMs: () => 5000,
        credentials: (url) => w.deps.tokens.credentials(url),
        clock,
        events: () => undefined,
      });
      lava = new LavaViews(views, controller, w.deps.follows, getServers, (l) =>
        vscode.workspace.onDidChangeConfiguration((e) => {
          if (e.affectsConfiguration('lava.servers')) l();
        }),
      );
    });
  });
  afterEach(async () => {
    lava?.dispose();
    views.dispose();
    await w.stop();
  });

  const jobsView = () => fake.treeView('lava.jobs') as FakeTreeView;
  const provider = () => jobsView().options.treeDataProvider as vscode.TreeDataProvider<JobNode>;

  /** Shows the Jobs view and waits until its Running section holds `id`. */
  async function showJobs(id: string): Promise<JobNode> {
    jobsView().setVisible(true);
    await provider().getChildren(); // the first look loads the extension
    for (let i = 0; i < 2000; i++) {
      const roots = (await provider().getChildren()) ?? [];
      const running = roots.find((n) => n.kind === 'section' && n.section === 'running');
      const job = running && ((await provider().getChildren(running)) ?? []).find((n) => n.kind === 'job' && n.jobId === id);
      await new Promise((r) => setImmediate(r)); // the change (badge, description) is told once a turn
      if (job) return job;
    }
    assert.fail(`job ${id} never shown under Running`);
  }

  it('loads the extension on the first look, shows the running job with its device, a badge, and Mine for the token user', async () => {
    w.sim.addRestJob({
      id: '31',
      records: Array(200).fill('- {dt: 1.0, lvl: info, msg: x}'),
      health: 'Complete',
      linesPerSecond: 1,
      device: 'qemu01',
      description: 'boot $(alert) test',
    });
    const node = await showJobs('31');
    assert.equal(started, 1);
    const item = await provider().getTreeItem(node);
    assert.equal(item.label, '#31 boot $ (alert) test');
    assert.match(String(item.description), /^qemu01/);
    assert.equal(item.contextValue, 'lavaJob.active');
    assert.deepEqual(item.command?.command, 'lava.view.followJob');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'sync~spin');
    assert.equal(jobsView().badge?.value, 1);
    assert.equal(jobsView().badge?.tooltip, '1 running, 0 queued');
    assert.equal(jobsView().description, 'polling every 60 s (events down)');
    const roots = (await provider().getChildren()) ?? [];
    assert.deepEqual(
      roots.map((n) => (n.kind === 'section' ? n.section : n.kind)),
      ['running', 'queued', 'recent', 'mine'],
      'whoami named the token user: Mine',
    );
  });

  it('Cancel from the context menu cancels the job on the server (lava.cancelJob with its server and id)', async () => {
    w.sim.addRestJob({ id: '32', records: Array(200).fill('- {dt: 1.0, lvl: info, msg: x}'), health: 'Complete', linesPerSecond: 1 });
    const node = await showJobs('32');
    const cancel = vscode.commands.registerCommand('lava.cancelJob', (s?: unknown, id?: unknown) => cancelJobCommand(w.deps, s, id));
    fake.answerMessages((m) => (m.modal ? 'Cancel Job' : undefined));
    await vscode.commands.executeCommand('lava.view.cancelJob', node);
    cancel.dispose();
    assert.ok(w.sim.restJob('32').cancelRequested);
    assert.deepEqual(fake.executed.find((e) => e.command === 'lava.cancelJob')?.args, [w.sim.url, '32']);
  });

  it('click follows the job, Copy Job URL copies it, Open in Browser opens it', async () => {
    quickJob(w.sim, '33', 'Complete', { linesPerSecond: 1 });
    const node = await showJobs('33');
    await vscode.commands.executeCommand('lava.view.copyJobUrl', node);
    assert.equal(await vscode.env.clipboard.readText(), `${w.sim.url}/scheduler/job/33`);
    await vscode.commands.executeCommand('lava.view.openInBrowser', node);
    assert.deepEqual(fake.opened, [`${w.sim.url}/scheduler/job/33`]);
    await vscode.commands.executeCommand('lava.view.followJob', node);
    assert.deepEqual(fake.executed.find((e) => e.command === 'lava.followJob')?.args, [`${w.sim.url}/scheduler/job/33`]);
  });

  it('Filter Jobs… puts the filter in the view description; Clear Filter removes it', async () => {
    quickJob(w.sim, '34', 'Complete', { linesPerSecond: 1 });
    await showJobs('34');
    fake.answerQuickPicks((items) => items.find((i: { label: string }) => i.label === 'Device type'));
    fake.answerInputs(() => 'qemu');
    await vscode.commands.executeCommand('lava.view.filterJobs');
    assert.equal(jobsView().description, 'filter: qemu · polling every 60 s (events down)');
    assert.ok(fake.executed.some((e) => e.command === 'setContext' && e.args[0] === 'lava.jobsFiltered' && e.args[1] === true));
    await vscode.commands.executeCommand('lava.view.clearFilter');
    assert.equal(jobsView().description, 'polling every 60 s (events down)');
  });

  it('Add Server… reads the version, saves the server in the user settings and its token in SecretStorage', async () => {
    fake.setSetting('lava.servers', []);
    const answers = [w.sim.url + '/', 'my lab', 'admin', TOKEN];
    fake.answerInputs(() => answers.shift());
    const deps = { ...w.deps, timeoutMs: () => 5000 };
    await addServerCommand(deps);
    assert.deepEqual(fake.setting('lava.servers'), [{ name: 'my lab', url: w.sim.url, username: 'admin' }]);
    assert.equal((await w.deps.tokens.credentials(w.sim.url))?.token, TOKEN);
    assert.match(fake.inputBoxes[1].options.title, /LAVA 2023\.01/);
    assert.deepEqual(
      fake.messages.map((m) => m.message),
      ['Added my lab (LAVA 2023.01).'],
    );
    fake.answerMessages((m) => (m.modal ? 'Remove' : undefined));
    await testConnectionCommand(deps);
    assert.match(fake.messages[1].message, /^my lab: LAVA 2023\.01; API: rest; events: .*; token: works, as admin\.$/);
    await removeServerCommand(deps);
    assert.deepEqual(fake.setting('lava.servers'), []);
    assert.equal(await w.secrets.get(`lava.token:${w.sim.url}`), undefined);
  });
});
