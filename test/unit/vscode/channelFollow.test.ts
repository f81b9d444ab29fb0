// ChannelFollow and FollowChannel use vscode types only: they run here against the simulator, with a fake channel.
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { systemClock } from '../../../src/core/util/clock';
import { ApiDetector } from '../../../src/core/protocols/apiDetect';
import { JobFollow as ChannelFollow } from '../../../src/vscode/follow/jobFollow';
import { ChannelLease as FollowChannel } from '../../../src/vscode/follow/channelLease';
import { loadOutputYaml } from '../../simulator/fixtures';
import { LavaSimulator } from '../../simulator/server';
import { fastFollow } from '../helpers';
import { FakeChannel } from './fakeChannel';

describe('ChannelFollow (vscode/, with a fake Output channel)', function () {
  this.timeout(30000);
  let sim: LavaSimulator;
  beforeEach(async () => {
    sim = await LavaSimulator.start({ port: 0, token: 'tok' });
  });
  afterEach(async () => {
    await sim.close();
  });

  const settings = { timeoutMs: 2000, format: { time: 'hidden' }, follow: fastFollow } as unknown as ConstructorParameters<
    typeof ChannelFollow
  >[4]['settings'];

  function start(channel: vscode.OutputChannel, jobId: string) {
    return new ChannelFollow(`k${jobId}`, { name: 'sim', url: sim.url, api: 'rest' }, jobId, channel, {
      fetch,
      apis: new ApiDetector(fetch, 2000),
      settings,
      credentials: { serverUrl: sim.url, token: 'tok' },
      clock: systemClock,
    });
  }

  it('is reconnecting while the server is down (with the reason), and tells listeners when that changes', async () => {
    sim.addRestJob({
      id: '1',
      records: loadOutputYaml('complete'),
      health: 'Complete',
      batchIntervalMs: 100,
      linesPerSecond: 400,
      finishDelayMs: 100,
    });
    const channel = new FakeChannel();
    const job = start(channel, '1');
    const states: (string | undefined)[] = [];
    job.onDidChangeState(() => states.push(job.reconnecting?.kind));
    while (!channel.text.includes('\n')) await systemClock.sleep(5);
    await sim.down(600);
    const end = await job.ended;
    assert.equal(end.kind, 'finished');
    assert.deepEqual(states, ['network', undefined]);
    assert.equal(job.reconnecting, undefined);
    assert.match(channel.text, /\[LAVA Follow\] Cannot reach .*Reconnecting…\n/);
    assert.match(channel.text, /\[LAVA Follow\] Reconnected\.\n/);
  });

  it('never lets a stopped follow write into the channel of the same job followed again', async () => {
    sim.addRestJob({
      id: '2',
      records: loadOutputYaml('complete'),
      health: 'Complete',
      batchIntervalMs: 100,
      linesPerSecond: 100,
      finishDelayMs: 100,
    });
    const channel = new FakeChannel();
    let generation = 1;
    const first = start(new FollowChannel(channel, () => generation === 1), '2');
    while (!channel.text.includes('\n')) await systemClock.sleep(5);
    first.stop();
    // Followed again at once (JobChannels.open: a new generation, the channel cleared).
    generation = 2;
    channel.clear();
    const second = start(new FollowChannel(channel, () => generation === 2), '2');
    assert.equal((await first.ended).kind, 'stopped');
    await systemClock.sleep(50);
    assert.ok(!channel.text.includes('Stopped following.'), channel.text);
    second.stop();
    await second.ended;
    assert.match(channel.text, /Stopped following\.\n$/);
  });
});
