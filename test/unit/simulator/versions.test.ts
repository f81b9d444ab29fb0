// The simulator's later LAVA releases (versions.ts), checked against what LAVA's source writes.
import assert from 'node:assert/strict';
import { isoWithOffset, recordLine, since } from '../../simulator/versions';

describe('LAVA simulator: record formats of later releases', () => {
  const line = '- {"dt": "2026-05-11T12:24:51.123456", "lvl": "info", "msg": "hello"}';

  it('2023.01 .. 2026.02 keep the naive UTC dt; 2026.05 writes isoformat() of an aware UTC time', () => {
    assert.equal(recordLine(line, { version: '2026.02' }), line);
    assert.equal(recordLine(line, { version: '2026.05' }), '- {"dt": "2026-05-11T12:24:51.123456+00:00", "lvl": "info", "msg": "hello"}');
    const zero = '- {"dt": "2026-05-11T12:24:51.000000", "lvl": "info", "msg": "x"}';
    assert.equal(recordLine(zero, { version: '2026.07' }), '- {"dt": "2026-05-11T12:24:51+00:00", "lvl": "info", "msg": "x"}');
    assert.equal(
      recordLine(line, { version: '2026.05', utcOffsetMinutes: 120 }),
      '- {"dt": "2026-05-11T14:24:51.123456+02:00", "lvl": "info", "msg": "hello"}',
    );
    assert.equal(isoWithOffset(Date.UTC(2026, 0, 1, 0, 10), 5, -330), '2025-12-31T18:40:00.000005-05:30');
  });

  it('2024.09: a record of 10**5 characters or more gets its message replaced (lava_common/log.py)', () => {
    const long = `- {"dt": "2026-05-11T12:24:51.123456", "lvl": "target", "msg": "${'a'.repeat(100_000)}"}`;
    assert.equal(recordLine(long, { version: '2024.02' }), long);
    assert.equal(
      recordLine(long, { version: '2024.09' }),
      '- {"dt": "2026-05-11T12:24:51.123456", "lvl": "target", "msg": "<line way too long ...>"}',
    );
    const map = `- {"dt": "2026-05-11T12:24:51.123456", "lvl": "debug", "msg": {"k": "${'a'.repeat(100_000)}"}}`;
    assert.equal(
      recordLine(map, { version: '2025.02' }),
      '- {"dt": "2026-05-11T12:24:51.123456", "lvl": "debug", "msg": {"skip": "line way too long ..."}}',
    );
    const under = `- {"dt": "2026-05-11T12:24:51.123456", "lvl": "target", "msg": "${'a'.repeat(99_900)}"}`;
    assert.equal(recordLine(under, { version: '2026.07' }).length, under.length + '+00:00'.length);
  });

  it('2026.02: secrets become [MASKED] (an empty secret is skipped)', () => {
    const s = '- {"dt": "2026-05-11T12:24:51.123456", "lvl": "target", "msg": "pw=abc abc"}';
    assert.equal(recordLine(s, { version: '2025.10', secrets: ['abc'] }), s);
    assert.equal(
      recordLine(s, { version: '2026.02', secrets: ['abc', ''] }),
      '- {"dt": "2026-05-11T12:24:51.123456", "lvl": "target", "msg": "pw=[MASKED] [MASKED]"}',
    );
  });

  it('since() compares releases', () => {
    assert.ok(since('2026.07', '2024.09'));
    assert.ok(since('2024.09', '2024.09'));
    assert.ok(!since('2023.01', '2023.04'));
  });
});
