// LAVA's event frames: the real ones of LAVA 2023.01 (captured from its /ws/ behind Apache), and
// every way a frame can be wrong.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { MAX_FIELD_CHARS, MAX_FRAME_BYTES, parseFrame } from '../../../../src/core/events/frames';
import { repoRoot } from '../../../simulator/fixtures';
import { mulberry32 } from '../../../simulator/growingLog';

const REAL = fs
  .readFileSync(path.join(repoRoot(), 'test/unit/fixtures/events/real-2023.01.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '');

const frame = (topic: string, data: unknown, user = 'admin') =>
  JSON.stringify([topic, '3184533a-f29a-11f1-9220-02fc00000001', '2026-12-07T23:59:09.483793', user, JSON.stringify(data)]);

describe('event frames', () => {
  it('maps every frame captured from the real LAVA 2023.01', () => {
    const kinds = REAL.map((text) => {
      const result = parseFrame(text, 'org.lavasoftware');
      assert.equal(result.kind, 'event', text.slice(0, 120));
      return result.kind === 'event' ? result.event.kind : '';
    });
    assert.ok(kinds.includes('job') && kinds.includes('device'));
  });

  it('reads a .testjob event field by field', () => {
    const result = parseFrame(
      REAL.find((l) => l.includes('"Running\\"') && l.includes('testjob'))!,
      'org.lavasoftware',
    );
    assert.equal(result.kind, 'event');
    if (result.kind !== 'event' || result.event.kind !== 'job') return;
    const e = result.event;
    assert.equal(e.state, 'Running');
    assert.equal(e.health, 'Unknown');
    assert.equal(e.submitter, 'admin');
    assert.equal(e.device, 'qemu01');
    assert.equal(e.deviceType, 'qemu');
    assert.equal(e.worker, 'real-lava-worker');
    assert.equal(e.priority, 50);
    assert.equal(e.healthCheck, false);
    assert.match(e.job, /^\d+$/);
    assert.match(e.startTime!, /\+00:00$/);
    assert.equal(e.endTime, undefined);
    assert.match(e.at, /^2026-12-07T/);
  });

  it('reads a .device event with its current job (a number on 2023.01)', () => {
    const result = parseFrame(
      frame('org.lavasoftware.device', { health: 'Good', state: 'Running', device: 'qemu01', device_type: 'qemu', worker: 'w', job: 115 }),
      'org.lavasoftware',
    );
    assert.deepEqual(result, {
      kind: 'event',
      event: {
        kind: 'device',
        device: 'qemu01',
        deviceType: 'qemu',
        state: 'Running',
        health: 'Good',
        worker: 'w',
        job: '115',
        at: '2026-12-07T23:59:09.483793',
      },
    });
    const idle = parseFrame(
      frame('org.lavasoftware.device', { health: 'Good', state: 'Idle', device: 'd', device_type: 't', worker: null }),
      'org.lavasoftware',
    );
    assert.ok(idle.kind === 'event' && idle.event.kind === 'device' && idle.event.worker === undefined && idle.event.job === undefined);
  });

  it('reads a .worker event and a MultiNode sub_id', () => {
    const w = parseFrame(frame('org.lavasoftware.worker', { hostname: 'w1', health: 'Active', state: 'Offline' }), 'org.lavasoftware');
    assert.deepEqual(w.kind === 'event' && w.event, {
      kind: 'worker',
      worker: 'w1',
      state: 'Offline',
      health: 'Active',
      at: '2026-12-07T23:59:09.483793',
    });
    const j = parseFrame(
      frame('org.lavasoftware.testjob', {
        job: 13,
        sub_id: '12.1',
        state: 'Submitted',
        health: 'Unknown',
        description: 'd',
        submitter: 'u',
      }),
      'org.lavasoftware',
    );
    assert.ok(j.kind === 'event' && j.event.kind === 'job' && j.event.subId === '12.1' && j.event.job === '13');
  });

  it('ignores other prefixes and unknown topics; takes any prefix when the topic is not known', () => {
    const data = { job: 1, state: 'Running', health: 'Unknown' };
    assert.equal(parseFrame(frame('org.other.testjob', data), 'org.lavasoftware').kind, 'ignored');
    assert.equal(parseFrame(frame('org.lavasoftware.event', data), 'org.lavasoftware').kind, 'ignored');
    assert.equal(parseFrame(frame('org.lavasoftware.testjobs', data), 'org.lavasoftware').kind, 'ignored');
    assert.equal(parseFrame(frame('testjob', data), 'org.lavasoftware').kind, 'ignored');
    assert.equal(parseFrame(frame('org.other.testjob', data), undefined).kind, 'event');
  });

  it('refuses on an {"error": …} frame, keeping the message as bounded text', () => {
    assert.deepEqual(parseFrame('{"error": "Invalid token"}', 'x'), { kind: 'refused', message: 'Invalid token' });
    const long = parseFrame(JSON.stringify({ error: 'e'.repeat(5000) }), 'x');
    assert.ok(long.kind === 'refused' && long.message.length === MAX_FIELD_CHARS);
    assert.deepEqual(parseFrame('{"error": 3}', 'x'), { kind: 'refused', message: '' });
  });

  const bad: [string, string][] = [
    ['not JSON', '[garbage'],
    ['a number', '42'],
    ['null', 'null'],
    ['an object without error', '{"topic": "x"}'],
    ['four parts', JSON.stringify(['org.lavasoftware.testjob', 'u', 'd', 'admin'])],
    ['six parts', JSON.stringify(['org.lavasoftware.testjob', 'u', 'd', 'admin', '{}', 'x'])],
    ['data as an object, not a string', JSON.stringify(['org.lavasoftware.testjob', 'u', 'd', 'admin', { job: 1 }])],
    ['data not JSON', JSON.stringify(['org.lavasoftware.testjob', 'u', 'd', 'admin', '{nope'])],
    ['data a list', frame('org.lavasoftware.testjob', [1, 2])],
    ['a job without state', frame('org.lavasoftware.testjob', { job: 1, health: 'Unknown' })],
    ['a job id that is not an id', frame('org.lavasoftware.testjob', { job: '1; rm', state: 'Running', health: 'Unknown' })],
    ['a negative job id', frame('org.lavasoftware.testjob', { job: -1, state: 'Running', health: 'Unknown' })],
    ['a state that is not text', frame('org.lavasoftware.testjob', { job: 1, state: { x: 1 }, health: 'Unknown' })],
    ['a device without device_type', frame('org.lavasoftware.device', { device: 'd', state: 'Idle', health: 'Good' })],
    ['a worker without hostname', frame('org.lavasoftware.worker', { state: 'Online', health: 'Active' })],
    [
      'too large',
      frame('org.lavasoftware.testjob', { job: 1, state: 'Running', health: 'Unknown', description: 'x'.repeat(MAX_FRAME_BYTES) }),
    ],
  ];
  for (const [name, text] of bad) {
    it(`counts as malformed: ${name}`, () => assert.equal(parseFrame(text, 'org.lavasoftware').kind, 'malformed'));
  }

  it('bounds every text field and drops fields of the wrong type', () => {
    const result = parseFrame(
      frame('org.lavasoftware.testjob', {
        job: '7',
        state: 'Running',
        health: 'Unknown',
        description: 'd'.repeat(MAX_FIELD_CHARS * 3),
        submitter: 5,
        device: ['x'],
        priority: 'high',
        health_check: 'yes',
      }),
      'org.lavasoftware',
    );
    assert.ok(result.kind === 'event' && result.event.kind === 'job');
    if (result.kind !== 'event' || result.event.kind !== 'job') return;
    assert.equal(result.event.description.length, MAX_FIELD_CHARS);
    assert.equal(result.event.submitter, '');
    assert.equal(result.event.device, undefined);
    assert.equal(result.event.priority, undefined);
    assert.equal(result.event.healthCheck, undefined);
  });

  it('never throws on mutated real frames (3000 seeded cuts, flips and splices)', () => {
    const rand = mulberry32(21);
    const kinds = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const base = REAL[Math.floor(rand() * REAL.length)];
      const at = Math.floor(rand() * base.length);
      const variants = [
        base.slice(0, at),
        base.slice(0, at) + String.fromCharCode(Math.floor(rand() * 0x3000)) + base.slice(at + 1),
        base.slice(0, at) + base.slice(at, at + 40).repeat(3) + base.slice(at + 40),
        base.replace(/\\"/g, rand() < 0.5 ? '"' : '\\\\"'),
      ];
      for (const v of variants) kinds.add(parseFrame(v, 'org.lavasoftware').kind);
    }
    assert.ok(kinds.has('malformed') && kinds.has('event'), [...kinds].join());
  });
});
