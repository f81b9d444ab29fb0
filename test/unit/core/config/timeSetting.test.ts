import assert from 'node:assert/strict';
import { timeModeSetting, timestampsMigration } from '../../../../src/core/config/timeSetting';

describe('lava.timestamps (replaces lava.showTimestamps)', () => {
  it('reads timestamps, else the old showTimestamps (false = hidden), else utc', () => {
    assert.equal(timeModeSetting(undefined, undefined), 'utc');
    assert.equal(timeModeSetting('elapsed', undefined), 'elapsed');
    assert.equal(timeModeSetting('local', false), 'local');
    assert.equal(timeModeSetting(undefined, false), 'hidden');
    assert.equal(timeModeSetting(undefined, true), 'utc');
    // A value this version does not know: the old key, then the default.
    assert.equal(timeModeSetting('martian', false), 'hidden');
    assert.equal(timeModeSetting(42, 'yes'), 'utc');
  });

  it('migrates once: only when the user set showTimestamps and not timestamps', () => {
    assert.equal(timestampsMigration(undefined, false), 'hidden');
    assert.equal(timestampsMigration(undefined, true), 'utc');
    assert.equal(timestampsMigration('local', false), undefined, 'timestamps set: the user chose already');
    assert.equal(timestampsMigration(undefined, undefined), undefined, 'nothing to migrate');
    assert.equal(timestampsMigration('elapsed', undefined), undefined);
  });
});
