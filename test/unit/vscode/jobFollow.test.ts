// JobFollow without a channel (a job-log document's follow), given one later: vscode types only, a fake channel.
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { stripNotices } from '../../../src/core/follow/channelText';
import { systemClock } from '../../../src/core/util/clock';
import { ApiDetector } from '../../../src/core/protocols/apiDetect';
import { JobFollow } from '../../../src/vscode/follow/jobFollow';
import { loadOutputYaml } from '../../simulator/fixtures';
import { LavaSimulator } from '../../simulator/server';
import { fastFollow } from '../helpers';
import { FakeChannel } from './fakeChannel';

describe('JobFollow: a follow without a channel, attached to one later', function () {
  this.timeout(30000);
  let sim: LavaSimulator;
  beforeEach(async () => {
    sim = await LavaSimulator.start({ port: 0, token: 'tok' });
  });
  afterEach(async () => {
    await sim.close();
  });

  const settings = { timeoutMs: 2000, format: { time: 'hidden' }, follow: fastFollow } as unknown as ConstructorParameters<
    typeof JobFollow
  >[4]['settings'];

  function start(channel: vscode.OutputChannel | undefined, jobId: string) {
    return new JobFollow(`k${jobId}`, { name: 'sim', url: sim.url, api: 'rest' }, jobId, channel, {
      fetch,
      apis: new ApiDetector(fetch, 2000),
      settings,
      credentials: { serverUrl: sim.url, token: 'tok' },
      clock: systemClock,
    });
  }

  it('writes nothing anywhere until attached, then the log so far and the rest: the same log as a channel from the start', async () => {
    sim.addRestJob({
      id: '1',
      records: loadOutputYaml('complete'),
      health: 'Complete',
      batchIntervalMs: 50,
      linesPerSecond: 400,
      finishDelayMs: 100,
    });
    const witness = new FakeChannel();
    const withChannel = start(witness, '1');
    const withoutChannel = start(undefined, '1');
    while (withoutChannel.log.recordCount < 20) await systemClock.sleep(5);
    assert.equal(withoutChannel.channel, undefined);
    const late = new FakeChannel();
    withoutChannel.attach(late);
    assert.ok(late.text.split('\n').length > 20, 'the log so far is written at once');
    assert.equal((await withChannel.ended).kind, 'finished');
    assert.equal((await withoutChannel.ended).kind, 'finished');
    assert.ok(stripNotices(witness.text).length > 0);
    assert.equal(stripNotices(late.text), stripNotices(witness.text));
  });

  it('keeps its first channel: a second attach writes nothing', async () => {
    sim.addRestJob({
      id: '2',
      records: loadOutputYaml('complete'),
      health: 'Complete',
      batchIntervalMs: 50,
      linesPerSecond: 2000,
      finishDelayMs: 50,
    });
    const first = new FakeChannel();
    const job = start(first, '2');
    await job.ended;
    const second = new FakeChannel();
    job.attach(second);
    assert.equal(job.channel, first);
    assert.equal(second.text, '');
  });
});
