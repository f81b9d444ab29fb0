import assert from 'node:assert/strict';
import { timeModeSetting } from '../../../../src/core/config/timeSetting';

describe('lava.timestamps', () => {
  it('reads timestamps, else utc', () => {
    assert.equal(timeModeSetting(undefined), 'utc');
    assert.equal(timeModeSetting('elapsed'), 'elapsed');
    assert.equal(timeModeSetting('local'), 'local');
    assert.equal(timeModeSetting('hidden'), 'hidden');
    // A value this version does not know: the default.
    assert.equal(timeModeSetting('martian'), 'utc');
    assert.equal(timeModeSetting(false), 'utc');
    assert.equal(timeModeSetting(42), 'utc');
  });
});
