import assert from 'node:assert/strict';
import { FollowRegistry, jobKey } from '../../../../src/core/follow/followRegistry';

class FakeJob {
  stopped = 0;
  stop(): void {
    this.stopped++;
  }
}

describe('FollowRegistry', () => {
  it('keys jobs by server and id, and tells listeners of every change', () => {
    const jobs = new FollowRegistry<FakeJob>();
    let changes = 0;
    const sub = jobs.onDidChange(() => changes++);
    const a = new FakeJob();
    jobs.add(jobKey('https://h', '1'), a);
    assert.equal(jobs.get('https://h#1'), a);
    assert.equal(jobs.get(jobKey('https://other', '1')), undefined);
    assert.equal(changes, 1);
    sub.dispose();
    jobs.add(jobKey('https://h', '2'), new FakeJob());
    assert.equal(changes, 1);
  });

  it('stops a job it replaces, and ignores removing a job that is no longer the one followed', () => {
    const jobs = new FollowRegistry<FakeJob>();
    const first = new FakeJob();
    const second = new FakeJob();
    jobs.add('k', first);
    jobs.add('k', second);
    assert.equal(first.stopped, 1);
    jobs.remove('k', first);
    assert.equal(jobs.get('k'), second);
  });

  it('stop() stops and forgets; stopAll() stops every job once', () => {
    const jobs = new FollowRegistry<FakeJob>();
    const a = new FakeJob();
    const b = new FakeJob();
    jobs.add('a', a);
    jobs.add('b', b);
    jobs.stop('a', a);
    assert.equal(a.stopped, 1);
    assert.equal(jobs.size, 1);
    jobs.stopAll();
    assert.equal(b.stopped, 1);
    assert.equal(jobs.size, 0);
    assert.deepEqual(jobs.list(), []);
  });
});
