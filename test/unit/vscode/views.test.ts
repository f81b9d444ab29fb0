// The views of the VS Code layer over the fake `vscode`: what the user sees and answers.
import { fake, quickJob, World, world } from './harness';
import assert from 'node:assert/strict';
import type { JobFollow as ChannelFollow } from '../../../src/vscode/follow/jobFollow';
import type { FollowEnd } from '../../../src/core/follow/follower';
import { LavaError } from '../../../src/core/net/errors';
import { JobChannels } from '../../../src/vscode/follow/jobChannels';
import { notifyEnd } from '../../../src/vscode/views/notifications';
import type { Follows } from '../../../src/vscode/follow/follows';
import { FollowStatusBar } from '../../../src/vscode/views/statusBar';
import { FakeOutputChannel } from './fake';

describe('vscode views (fake vscode)', function () {
  this.timeout(20000);

  describe('FollowStatusBar over real follows', () => {
    let w: World;
    beforeEach(async () => {
      w = await world();
    });
    afterEach(() => w.stop());

    it('hidden with nothing followed, the job while followed, its health once it ended', async () => {
      const bar = new FollowStatusBar(w.deps.follows);
      const item = fake.statusBarItems[0];
      assert.equal(item.visible, false);
      assert.equal(item.command, 'lava.showFollowedJobs');
      quickJob(w.sim, '30');
      const job = await w.deps.follows.follow({ name: 'sim', url: w.sim.url, api: 'auto' }, '30');
      assert.equal(item.visible, true);
      assert.match(item.text, /LAVA 30/);
      assert.match(item.text, /~spin\)/);
      await job.ended;
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(item.visible, true);
      assert.match(item.text, /LAVA 30 Complete/);
      assert.doesNotMatch(item.text, /~spin/);
      bar.dispose();
      assert.equal(item.disposed, true);
    });

    it('two jobs: how many, and their names in the tooltip', async () => {
      const bar = new FollowStatusBar(w.deps.follows);
      quickJob(w.sim, '31', 'Complete', { linesPerSecond: 2 });
      quickJob(w.sim, '32', 'Complete', { linesPerSecond: 2 });
      const server = { name: 'sim', url: w.sim.url, api: 'auto' as const };
      await w.deps.follows.follow(server, '31');
      await w.deps.follows.follow(server, '32');
      const item = fake.statusBarItems[0];
      assert.match(item.text, /2 jobs/);
      assert.match(String(item.tooltip), /31/);
      assert.match(String(item.tooltip), /32/);
      bar.dispose();
    });
  });

  describe('JobChannels / FollowChannel', () => {
    beforeEach(() => fake.reset());

    it('one Output channel per job (language lava-log), reused and cleared when followed again', () => {
      const channels = new JobChannels();
      const first = channels.open('k1', 'LAVA job 1');
      first.appendLine('old text');
      const second = channels.open('k1', 'LAVA job 1');
      assert.equal(fake.channels.length, 1);
      assert.equal(fake.channels[0].languageId, 'lava-log');
      assert.equal(fake.channels[0].text, '');
      // The older follow's last words go nowhere; the current one's land.
      first.appendLine('Stopped following.');
      second.appendLine('new text');
      assert.equal(fake.channels[0].text, 'new text\n');
      assert.equal(first.isCurrent, false);
      assert.deepEqual(channels.list(), [{ key: 'k1', name: 'LAVA job 1' }]);
    });

    it('closing a channel disposes of it; following again opens a new one', () => {
      const channels = new JobChannels();
      const follow = channels.open('k2', 'LAVA job 2');
      channels.close('k2');
      assert.equal(fake.channels[0].disposed, true);
      follow.appendLine('late');
      assert.equal(fake.channels[0].text, '');
      channels.open('k2', 'LAVA job 2');
      assert.equal(fake.channels.length, 2);
      channels.dispose();
      assert.ok(fake.channels.every((c) => c.disposed));
    });
  });

  describe('notifyEnd: the finish notification and its buttons', () => {
    const serverUrl = 'https://lava.example.org';
    let channel: FakeOutputChannel;
    let job: ChannelFollow;
    // notifyEnd asks the service only to show a job's channel (Show Log)
    const follows = { showChannel: (j: ChannelFollow) => j.channel?.show(true) } as unknown as Follows;
    beforeEach(() => {
      fake.reset();
      channel = new FakeOutputChannel('LAVA job 7');
      job = { label: 'LAVA job 7', jobId: '7', server: { name: 'lab', url: serverUrl, api: 'rest' }, channel } as unknown as ChannelFollow;
    });

    const cases: { end: FollowEnd; severity: string; text: RegExp; buttons: string[] }[] = [
      {
        end: { kind: 'finished', outcome: { health: 'Complete', results: { pass: 4, fail: 1 } } },
        severity: 'information',
        text: /^LAVA job 7 Complete — /,
        buttons: ['Show Results', 'Open Job Log', 'More…'],
      },
      {
        end: { kind: 'finished', outcome: { health: 'Incomplete', reason: 'boot failed' } },
        severity: 'error',
        text: /^LAVA job 7 Incomplete — boot failed$/,
        buttons: ['Go to Error', 'Resubmit', 'More…'],
      },
      {
        end: { kind: 'finished', outcome: { health: 'Canceled' } },
        severity: 'warning',
        text: /^LAVA job 7 Canceled$/,
        buttons: ['Open Job Log', 'Resubmit', 'More…'],
      },
      // Log-tail: no health, so no results.
      {
        end: { kind: 'finished' },
        severity: 'information',
        text: /^LAVA job 7 finished$/,
        buttons: ['Open Job Log', 'Show Log', 'Open in Browser'],
      },
    ];
    for (const c of cases) {
      it(`${c.end.kind === 'finished' ? (c.end.outcome?.health ?? 'no health') : c.end.kind}: ${c.buttons.join(', ')}`, async () => {
        await notifyEnd(follows, job, c.end);
        assert.equal(fake.messages.length, 1);
        assert.equal(fake.messages[0].severity, c.severity);
        assert.match(fake.messages[0].message, c.text);
        assert.deepEqual(fake.messages[0].buttons, c.buttons);
      });
    }

    it('a stopped follow tells nothing', async () => {
      await notifyEnd(follows, job, { kind: 'stopped' });
      assert.equal(fake.messages.length, 0);
    });

    it('More… offers the rest in a quick pick, plain text, each once', async () => {
      fake.answerMessages(() => 'More…');
      await notifyEnd(follows, job, { kind: 'finished', outcome: { health: 'Incomplete', reason: '[x](command:y) $(alert)' } });
      assert.ok(fake.messages[0].buttons.length <= 3);
      assert.deepEqual(
        fake.quickPicks[0].items.map((i: { label: string }) => i.label),
        ['Show Results', 'Show Log', 'Open in Browser'],
      );
      assert.doesNotMatch(fake.messages[0].message, /\]\(|\bcommand:\S/);
    });

    it('each button does what it says (the ones behind More… too)', async () => {
      const incomplete: FollowEnd = { kind: 'finished', outcome: { health: 'Incomplete' } };
      const press = async (button: string) => {
        const shown = ['Go to Error', 'Resubmit'].includes(button);
        fake.answerMessages(() => (shown ? button : 'More…'));
        fake.answerQuickPicks((items: { label: string }[]) => items.find((i) => i.label === button));
        await notifyEnd(follows, job, incomplete);
      };
      await press('Open in Browser');
      assert.deepEqual(fake.opened, [`${serverUrl}/scheduler/job/7`]);
      await press('Show Log');
      assert.equal(channel.shown, 1);
      await press('Show Results');
      await press('Go to Error');
      await press('Resubmit');
      assert.deepEqual(
        fake.executed.map((e) => [e.command, ...e.args]),
        [
          ['lava.showResults', serverUrl, '7'],
          ['lava.openJobLog', serverUrl, '7'],
          ['lava.goToFirstError'],
          ['lava.resubmitJob', serverUrl, '7'],
        ],
      );
    });

    it('a refused token offers Set Token… for that server; the server text stays plain', async () => {
      fake.answerMessages(() => 'Set Token…');
      const error = new LavaError('unauthorized', 'see [here](command:lava.setToken) $(alert)');
      await notifyEnd(follows, job, { kind: 'failed', error });
      assert.equal(fake.messages[0].severity, 'error');
      assert.deepEqual(fake.messages[0].buttons, ['Set Token…', 'Show Log']);
      assert.doesNotMatch(fake.messages[0].message, /\]\(|\bcommand:\S/);
      assert.deepEqual(fake.executed, [{ command: 'lava.setToken', args: [serverUrl] }]);
    });

    it('a network failure offers only Show Log', async () => {
      await notifyEnd(follows, job, { kind: 'failed', error: new LavaError('network', 'ECONNREFUSED') });
      assert.deepEqual(fake.messages[0].buttons, ['Show Log']);
    });
  });
});
