import assert from 'node:assert/strict';
import { endActions, MAX_NOTIFICATION_BUTTONS, splitButtons } from '../../../../src/core/follow/endActions';

describe('endActions: what a finished job offers, likeliest first', () => {
  const rows: { name: string; facts: Parameters<typeof endActions>[0]; first: string[]; all: number }[] = [
    {
      name: 'Incomplete: Go to Error, then a new run',
      facts: { health: 'Incomplete', hasChannel: true },
      first: ['goToError', 'resubmit'],
      all: 5,
    },
    {
      name: 'Canceled: its log, then a new run',
      facts: { health: 'Canceled', hasChannel: true },
      first: ['openJobLog', 'resubmit'],
      all: 5,
    },
    {
      name: 'Complete with test cases: Show Results first',
      facts: { health: 'Complete', results: { pass: 3, fail: 1 }, hasChannel: true },
      first: ['showResults', 'openJobLog'],
      all: 4,
    },
    {
      name: 'Complete without test cases: its log first',
      facts: { health: 'Complete', results: { pass: 0 }, hasChannel: true },
      first: ['openJobLog', 'showLog'],
      all: 4,
    },
    {
      name: 'log-tail (no health): no results, no resubmit',
      facts: { hasChannel: true },
      first: ['openJobLog', 'showLog', 'openInBrowser'],
      all: 3,
    },
    {
      name: 'watched (no channel): no Show Log',
      facts: { health: 'Incomplete', hasChannel: false },
      first: ['goToError', 'resubmit'],
      all: 4,
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const actions = endActions(row.facts);
      assert.deepEqual(actions.slice(0, row.first.length), row.first);
      assert.equal(actions.length, row.all);
      assert.equal(new Set(actions).size, actions.length, 'each action once');
      assert.equal(actions.includes('showLog'), row.facts.hasChannel);
      assert.equal(actions.includes('resubmit'), row.facts.health === 'Incomplete' || row.facts.health === 'Canceled');
    });
  }
});

describe('splitButtons: at most three buttons, the rest behind More…', () => {
  it('keeps three or fewer as they are', () => {
    assert.deepEqual(splitButtons(['a', 'b', 'c']), { buttons: ['a', 'b', 'c'] });
    assert.deepEqual(splitButtons(['a']), { buttons: ['a'] });
  });
  it('shows two and puts the rest behind More… when there are more than three', () => {
    assert.deepEqual(splitButtons(['a', 'b', 'c', 'd', 'e']), { buttons: ['a', 'b'], more: ['c', 'd', 'e'] });
    assert.equal(MAX_NOTIFICATION_BUTTONS, 3);
  });
});
