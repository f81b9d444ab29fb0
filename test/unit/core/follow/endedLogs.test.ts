// The logs of jobs whose follow ended, kept a while: bounded by count and by characters, oldest first.
import assert from 'node:assert/strict';
import { EndedLogs } from '../../../../src/core/follow/endedLogs';

const log = (size: number) => ({ size });

describe('EndedLogs: ended jobs’ logs kept, bounded', () => {
  it('gives back what it keeps, by job', () => {
    const logs = new EndedLogs({ count: 3, chars: 100 });
    const a = log(10);
    logs.keep('a', a);
    assert.equal(logs.get('a'), a);
    assert.equal(logs.get('b'), undefined);
  });

  it('drops the oldest beyond the count', () => {
    const logs = new EndedLogs({ count: 2, chars: 1000 });
    logs.keep('a', log(1));
    logs.keep('b', log(1));
    logs.keep('c', log(1));
    assert.deepEqual(
      ['a', 'b', 'c'].map((k) => logs.get(k) !== undefined),
      [false, true, true],
    );
    assert.equal(logs.count, 2);
  });

  it('drops the oldest beyond the characters, and never keeps one log larger than the whole budget', () => {
    const logs = new EndedLogs({ count: 10, chars: 100 });
    logs.keep('a', log(60));
    logs.keep('b', log(30));
    logs.keep('c', log(20));
    assert.equal(logs.get('a'), undefined);
    assert.equal(logs.size, 50);
    logs.keep('huge', log(101));
    assert.equal(logs.get('huge'), undefined);
    assert.equal(logs.size, 50);
  });

  it('a job kept again replaces its old log (counted once); a dropped job is gone', () => {
    const logs = new EndedLogs({ count: 10, chars: 100 });
    logs.keep('a', log(40));
    const again = log(50);
    logs.keep('a', again);
    assert.equal(logs.get('a'), again);
    assert.equal(logs.size, 50);
    logs.drop('a');
    assert.equal(logs.get('a'), undefined);
    assert.equal(logs.size, 0);
  });
});
