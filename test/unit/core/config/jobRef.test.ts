import assert from 'node:assert/strict';
import { jobPageUrl, parseJobRef } from '../../../../src/core/config/jobRef';

describe('parseJobRef', () => {
  it('accepts a plain job id, with or without #, and a multinode sub-job id', () => {
    assert.deepEqual(parseJobRef(' 1234 '), { ok: true, ref: { jobId: '1234' } });
    assert.deepEqual(parseJobRef('#42'), { ok: true, ref: { jobId: '42' } });
    assert.deepEqual(parseJobRef('1234.1'), { ok: true, ref: { jobId: '1234.1' } });
  });

  it('takes the job and the server from a pasted job page URL', () => {
    assert.deepEqual(parseJobRef('https://lava.example.org/scheduler/job/1234'), {
      ok: true,
      ref: { jobId: '1234', origin: 'https://lava.example.org', serverUrl: 'https://lava.example.org' },
    });
  });

  it('keeps a path prefix and a port, and accepts REST and log-tail URLs', () => {
    const r = parseJobRef('http://host:8080/lava/scheduler/job/7#L12');
    assert.deepEqual(r, { ok: true, ref: { jobId: '7', origin: 'http://host:8080', serverUrl: 'http://host:8080/lava' } });
    const rest = parseJobRef('https://h/api/v0.2/jobs/99/logs/?start=3');
    assert.ok(rest.ok && rest.ref.jobId === '99' && rest.ref.serverUrl === 'https://h');
    const tail = parseJobRef('https://h/lava-server/job/5/log-tail?start=0');
    assert.ok(tail.ok && tail.ref.jobId === '5');
  });

  it('refuses malformed ids and URLs with a message that says what is expected', () => {
    for (const bad of ['', '   ', 'abc', '12a', '-3', '1 2', 'ftp://h/scheduler/job/1', 'https://h/scheduler/jobs', 'https://']) {
      const r = parseJobRef(bad);
      assert.equal(r.ok, false, `accepted ${JSON.stringify(bad)}`);
      assert.ok(!r.ok && r.message.length > 10);
    }
  });

  it('refuses hostile ids and URLs: too many digits, other schemes, non-ASCII digits, credentials', () => {
    const refused: [string, RegExp][] = [
      ['18446744073709551616', /at most 12 digits/],
      ['1234567890123', /at most 12 digits/],
      ['javascript:alert(1)', /Only http:\/\/ and https:\/\/ job URLs are supported, not javascript:/],
      ['data:text/html,1', /not data:/],
      ['\u0661\u0662', /digits 0-9/],
      ['\uff11\uff12', /digits 0-9/],
      ['https://me:tok@h/scheduler/job/1', /Do not put credentials in a job URL/],
    ];
    for (const [input, message] of refused) {
      const r = parseJobRef(input);
      assert.ok(!r.ok, `accepted ${JSON.stringify(input)}`);
      assert.match(r.message, message);
      assert.ok(!r.message.includes('tok@'), r.message);
    }
    assert.deepEqual(parseJobRef('123456789012'), { ok: true, ref: { jobId: '123456789012' } });
  });

  it('builds the job page URL', () => {
    assert.equal(jobPageUrl('https://h/lava', '12'), 'https://h/lava/scheduler/job/12');
  });
});
