import assert from 'node:assert/strict';
import { Emitter } from '../../../../src/core/util/emitter';

describe('Emitter', () => {
  it('calls each listener with the value, in the order they subscribed', () => {
    const emitter = new Emitter<number>();
    const calls: string[] = [];
    emitter.event((n) => calls.push(`a${n}`));
    emitter.event((n) => calls.push(`b${n}`));
    emitter.fire(1);
    emitter.fire(2);
    assert.deepEqual(calls, ['a1', 'b1', 'a2', 'b2']);
  });

  it('dispose unsubscribes that listener only, and twice is harmless', () => {
    const emitter = new Emitter();
    const calls: string[] = [];
    const a = emitter.event(() => calls.push('a'));
    emitter.event(() => calls.push('b'));
    a.dispose();
    a.dispose();
    emitter.fire();
    assert.deepEqual(calls, ['b']);
    assert.equal(emitter.size, 1);
  });

  it('the same function subscribed twice is called twice, and each subscription disposes its own', () => {
    const emitter = new Emitter();
    let calls = 0;
    const listener = () => calls++;
    const first = emitter.event(listener);
    emitter.event(listener);
    emitter.fire();
    assert.equal(calls, 2);
    first.dispose();
    emitter.fire();
    assert.equal(calls, 3);
  });

  it('a listener added during fire is called from the next fire on', () => {
    const emitter = new Emitter();
    const calls: string[] = [];
    emitter.event(() => {
      calls.push('a');
      if (calls.length === 1) emitter.event(() => calls.push('late'));
    });
    emitter.fire();
    assert.deepEqual(calls, ['a']);
    emitter.fire();
    assert.deepEqual(calls, ['a', 'a', 'late']);
  });

  it('a listener disposed during fire is not called any more, in that fire either', () => {
    const emitter = new Emitter();
    const calls: string[] = [];
    emitter.event(() => {
      calls.push('a');
      b.dispose();
    });
    const b = emitter.event(() => calls.push('b'));
    emitter.fire();
    emitter.fire();
    assert.deepEqual(calls, ['a', 'a']);
  });

  it('a listener may dispose itself while it runs', () => {
    const emitter = new Emitter();
    const calls: string[] = [];
    const once = emitter.event(() => {
      calls.push('once');
      once.dispose();
    });
    emitter.event(() => calls.push('b'));
    emitter.fire();
    emitter.fire();
    assert.deepEqual(calls, ['once', 'b', 'b']);
  });

  it('a listener that throws does not stop the others; fire throws its error after them', () => {
    const emitter = new Emitter();
    const calls: string[] = [];
    const boom = new Error('boom');
    emitter.event(() => {
      throw boom;
    });
    emitter.event(() => calls.push('b'));
    assert.throws(
      () => emitter.fire(),
      (e) => e === boom,
    );
    assert.deepEqual(calls, ['b']);
  });

  it('several listeners that throw: one AggregateError of their errors, every listener called', () => {
    const emitter = new Emitter();
    const errors = [new Error('one'), new Error('two')];
    let after = 0;
    for (const error of errors) {
      emitter.event(() => {
        throw error;
      });
    }
    emitter.event(() => after++);
    assert.throws(
      () => emitter.fire(),
      (e) => e instanceof AggregateError && e.errors.length === 2 && e.errors[0] === errors[0] && e.errors[1] === errors[1],
    );
    assert.equal(after, 1);
  });

  it('dispose of the emitter unsubscribes everyone, also during fire', () => {
    const emitter = new Emitter();
    const calls: string[] = [];
    emitter.event(() => {
      calls.push('a');
      emitter.dispose();
    });
    emitter.event(() => calls.push('b'));
    emitter.fire();
    emitter.fire();
    assert.deepEqual(calls, ['a']);
    assert.equal(emitter.size, 0);
  });
});
