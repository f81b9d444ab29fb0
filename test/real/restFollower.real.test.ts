import assert from 'node:assert/strict';
import { systemClock } from '../../src/core/util/clock';
import { JobFollower } from '../../src/core/follow/follower';
import { httpGet } from '../../src/core/net/http';
import { formatRecord, FormatOptions } from '../../src/core/log/format';
import { parseRecords } from '../../src/core/log/records';
import { RestSource } from '../../src/core/protocols/rest/restSource';
import { fastFollow, RecordingSink } from '../unit/helpers';
import { RealLava, requireRealLava, submit } from './realLava';

const format: FormatOptions = { time: 'utc' };

describe('REST follower against a real LAVA 2023.01 server', function () {
  this.timeout(12 * 60 * 1000);
  let lava: RealLava;

  before(function () {
    lava = requireRealLava(this)!;
  });

  async function followToEnd(jobId: string) {
    const sink = new RecordingSink({ format, jobId });
    const credentials = { serverUrl: lava.url, token: lava.token };
    const source = new RestSource({ fetch, serverUrl: lava.url, jobId, timeoutMs: 15000, credentials, clock: systemClock });
    const end = await new JobFollower(source, sink, systemClock, {
      ...fastFollow,
      minDelayMs: 500,
      maxDelayMs: 3000,
      retryInitialMs: 500,
      retryMaxMs: 5000,
    }).run();
    // The server's final log, whole: every record must have been delivered once, in order.
    const whole = await httpGet(`${lava.url}/api/v0.2/jobs/${jobId}/logs/`, { fetch, timeoutMs: 15000, credentials });
    const { records } = parseRecords(whole.body);
    const expected = records.map((r) => formatRecord(r, format)).join('');
    return { sink, end, records, expected };
  }

  it('follows a Complete job and a failing job to the end: every record once, in order, health in the outcome', async () => {
    const okId = submit(lava, 'complete');
    const failId = submit(lava, 'fail');
    const [ok, failed] = await Promise.all([followToEnd(okId), followToEnd(failId)]);

    assert.ok(ok.records.length > 100, `only ${ok.records.length} records`);
    assert.equal(ok.sink.text, ok.expected);
    assert.equal(ok.end.kind, 'finished');
    assert.ok(ok.end.kind === 'finished' && ok.end.outcome?.health === 'Complete');
    assert.ok(ok.end.kind === 'finished' && (ok.end.outcome?.results?.pass ?? 0) > 0);

    assert.equal(failed.sink.text, failed.expected);
    assert.ok(failed.end.kind === 'finished' && failed.end.outcome?.health === 'Incomplete');
    assert.ok(
      failed.end.kind === 'finished' && /progress reached 60, failing on purpose/.test(failed.end.outcome?.reason ?? ''),
      'no LAVA reason',
    );
  });
});
