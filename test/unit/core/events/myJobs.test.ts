// Watch My Jobs: which events are the end of one of the user's jobs (from the real frames' shape).
import * as assert from 'node:assert/strict';
import type { JobEvent } from '../../../../src/core/events/lavaEvent';
import { isMyRunningJob, MyJobEnds } from '../../../../src/core/events/myJobs';
import { notificationLevel, quietMs, tellsEnd } from '../../../../src/core/config/notificationSettings';

const job = (over: Partial<JobEvent>): JobEvent => ({
  kind: 'job',
  job: '12',
  state: 'Finished',
  health: 'Complete',
  description: 'd',
  submitter: 'alice',
  at: '2026-12-07T23:59:09.483793',
  ...over,
});

describe('Watch My Jobs', () => {
  it("tells the end of the user's job once", () => {
    const mine = new MyJobEnds('alice');
    assert.equal(mine.ended(job({}))?.job, '12');
    assert.equal(mine.ended(job({ health: 'Incomplete' })), undefined, 'the same job again');
    assert.equal(mine.ended(job({ job: '13', health: 'Canceled' }))?.health, 'Canceled');
  });

  it("ignores other users' jobs, jobs not finished, devices, and an unknown user", () => {
    const mine = new MyJobEnds('alice');
    assert.equal(mine.ended(job({ submitter: 'bob' })), undefined);
    assert.equal(mine.ended(job({ state: 'Running', health: 'Unknown' })), undefined);
    assert.equal(mine.ended(job({ state: 'Canceling', health: 'Unknown' })), undefined);
    assert.equal(mine.ended({ kind: 'device', device: 'd', deviceType: 't', state: 'Idle', health: 'Good', at: '' }), undefined);
    assert.equal(new MyJobEnds('').ended(job({ submitter: '' })), undefined);
    assert.ok(isMyRunningJob(job({ state: 'Running' }), 'alice'));
    assert.ok(!isMyRunningJob(job({ state: 'Running' }), 'bob'));
  });

  it('remembers a bounded number of jobs', () => {
    const mine = new MyJobEnds('alice');
    for (let i = 0; i < 1500; i++) assert.ok(mine.ended(job({ job: String(i) })));
    assert.ok(mine.ended(job({ job: '0' })), 'the oldest was forgotten');
    assert.equal(mine.ended(job({ job: '1499' })), undefined);
  });
});

describe('notification settings', () => {
  it('lava.notifications: all, failures (Incomplete and failed follows), none', () => {
    const cases: [string, { health?: string; failed?: boolean }, boolean][] = [
      ['all', { health: 'Complete' }, true],
      ['all', { health: 'Canceled' }, true],
      ['failures', { health: 'Complete' }, false],
      ['failures', { health: 'Canceled' }, false],
      ['failures', { health: 'Incomplete' }, true],
      ['failures', { failed: true }, true],
      ['failures', {}, false],
      ['none', { health: 'Incomplete' }, false],
      ['none', { failed: true }, false],
    ];
    for (const [level, end, told] of cases) assert.equal(tellsEnd(notificationLevel(level), end), told, `${level} ${JSON.stringify(end)}`);
    assert.equal(notificationLevel('bogus'), 'all');
    assert.equal(notificationLevel(undefined), 'all');
  });

  it('lava.quietMinutes: default 10, 0 off, bounded to a day, nonsense is the default', () => {
    assert.equal(quietMs(undefined), 600_000);
    assert.equal(quietMs(0), 0);
    assert.equal(quietMs(5), 300_000);
    assert.equal(quietMs(0.5), 30_000);
    assert.equal(quietMs(1e9), 24 * 60 * 60_000);
    assert.equal(quietMs(-3), 600_000);
    assert.equal(quietMs('5'), 600_000);
    assert.equal(quietMs(Number.NaN), 600_000);
  });
});
