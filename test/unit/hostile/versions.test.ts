/**
 * Hostile and odd answers of later LAVA releases (2024.09 → 2026.07), row by row: `dt` with any
 * offset or none, `dt` garbage, `[MASKED]`, the records that replace a line too long, REST
 * validate's Python-repr paths with odd escapes, batch_cancel answers, login redirects. Each row
 * checks its outcome and that nothing throws; time rows also check that a re-rendered document
 * (DtReader + TimeColumn, what a JobLog keeps) shows what format.ts shows, in every mode.
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { formatRecord } from '../../../src/core/log/format';
import { TimeMode } from '../../../src/core/log/recordTime';
import { DtReader, dtMs, TimeColumn } from '../../../src/core/log/recordTime';
import { parseRecordLine } from '../../../src/core/log/records';
import { LavaError } from '../../../src/core/net/errors';
import { FetchFn } from '../../../src/core/net/http';
import { ApiDetector } from '../../../src/core/protocols/apiDetect';
import { cancelJobs } from '../../../src/core/submit/batchCancel';
import { parseRestValidateMessage } from '../../../src/core/submit/lavaPath';
import { plainNotification } from '../../../src/core/untrusted/plainForSurface';

const fetch: FetchFn = globalThis.fetch.bind(globalThis);
const MODES: TimeMode[] = ['utc', 'local', 'elapsed'];
const START = Date.UTC(2026, 4, 11, 12, 0, 0);

/** The time column format.ts writes for a record line, in `mode`. */
function shown(line: string, mode: TimeMode): string {
  return formatRecord(parseRecordLine(line), { time: mode, startMs: START }).split(' ')[0];
}

/** The same column as a JobLog re-renders it from the numbers it keeps. */
function rerendered(line: string, mode: TimeMode): string {
  const r = new DtReader();
  r.read(parseRecordLine(line).dt);
  return new TimeColumn(mode, START).text(r.clock, r.ms);
}

function line(dt: string, msg = 'hello'): string {
  return `- {"dt": "${dt}", "lvl": "target", "msg": ${JSON.stringify(msg)}}`;
}

interface TimeRow {
  name: string;
  dt: string;
  utc: string;
  /** ms since the epoch, or undefined: `--:--:--` in local, `+--:--` in elapsed */
  ms: number | undefined;
}

const TIME_ROWS: TimeRow[] = [
  {
    name: 'LAVA 2026.05: UTC with microseconds',
    dt: '2026-05-11T12:24:51.123456+00:00',
    utc: '12:24:51',
    ms: Date.UTC(2026, 4, 11, 12, 24, 51, 123),
  },
  { name: 'microseconds 0: dropped', dt: '2026-05-11T12:24:51+00:00', utc: '12:24:51', ms: Date.UTC(2026, 4, 11, 12, 24, 51) },
  { name: '+02:00 shows UTC', dt: '2026-05-11T12:24:51.5+02:00', utc: '10:24:51', ms: Date.UTC(2026, 4, 11, 10, 24, 51, 500) },
  { name: '-05:30 (odd minutes)', dt: '2026-05-11T12:24:51-05:30', utc: '17:54:51', ms: Date.UTC(2026, 4, 11, 17, 54, 51) },
  { name: '+05:45 (Nepal)', dt: '2026-05-11T06:00:00.000001+05:45', utc: '00:15:00', ms: Date.UTC(2026, 4, 11, 0, 15, 0) },
  { name: '+14:00 crosses the date back', dt: '2026-05-12T02:00:00+14:00', utc: '12:00:00', ms: Date.UTC(2026, 4, 11, 12, 0, 0) },
  { name: '-12:00 crosses the date forward', dt: '2026-05-10T23:30:00-12:00', utc: '11:30:00', ms: Date.UTC(2026, 4, 11, 11, 30, 0) },
  { name: 'Z', dt: '2026-05-11T12:24:51Z', utc: '12:24:51', ms: Date.UTC(2026, 4, 11, 12, 24, 51) },
  { name: 'offset without a colon', dt: '2026-05-11T12:24:51+0200', utc: '10:24:51', ms: Date.UTC(2026, 4, 11, 10, 24, 51) },
  { name: '2023.01 naive UTC', dt: '2026-05-11T12:24:51.060423', utc: '12:24:51', ms: Date.UTC(2026, 4, 11, 12, 24, 51, 60) },
  { name: 'offset beyond ±23:59: unreadable', dt: '2026-05-11T12:24:51+99:99', utc: '--:--:--', ms: undefined },
  { name: 'garbage', dt: 'yesterday at noon+02:00', utc: '--:--:--', ms: undefined },
  { name: 'empty', dt: '', utc: '--:--:--', ms: undefined },
  { name: 'a +00:00 of the right length but letters', dt: '2026-05-11T1x:24:51.123456+00:00', utc: '--:--:--', ms: undefined },
  {
    name: 'nine fraction digits and an offset',
    dt: '2026-05-11T12:24:51.123456789-01:00',
    utc: '13:24:51',
    ms: Date.UTC(2026, 4, 11, 13, 24, 51, 123),
  },
];

describe('hostile: LAVA versions — dt with time zones and garbage', () => {
  for (const row of TIME_ROWS) {
    it(`${row.name}: ${row.dt}`, () => {
      const l = line(row.dt);
      assert.equal(parseRecordLine(l).dt, row.dt, 'the fast parser keeps dt');
      assert.equal(dtMs(row.dt), row.ms);
      assert.equal(shown(l, 'utc'), row.utc);
      if (row.ms === undefined) {
        assert.equal(shown(l, 'local'), '--:--:--');
        assert.equal(shown(l, 'elapsed'), '+--:--');
      } else {
        assert.match(shown(l, 'local'), /^\d\d:\d\d:\d\d$/);
        assert.match(shown(l, 'elapsed'), /^[+-]/);
      }
      for (const mode of MODES) assert.equal(rerendered(l, mode), shown(l, mode), `${mode}: a re-rendered document differs`);
    });
  }

  it('a dt that is not a string (a YAML int) is --:--:-- everywhere', () => {
    const l = '- {"dt": 20260511, "lvl": "target", "msg": "x"}';
    for (const mode of MODES) assert.equal(rerendered(l, mode), shown(l, mode));
    assert.equal(shown(l, 'utc'), '--:--:--');
  });
});

describe('hostile: LAVA versions — records as later releases write them', () => {
  const DT = '2026-05-11T12:24:51+00:00';
  const rows: { name: string; line: string; shows: RegExp }[] = [
    { name: '[MASKED] in a message (2026.02)', line: line(DT, 'password: [MASKED] ok'), shows: /^12:24:51 \| password: \[MASKED\] ok$/ },
    { name: '[MASKED] where a secret was part of a word', line: line(DT, 'ab[MASKED]cd[MASKED]'), shows: /ab\[MASKED\]cd\[MASKED\]/ },
    {
      name: 'a string message too long (2024.09)',
      line: line(DT, '<line way too long ...>'),
      shows: /^12:24:51 \| <line way too long \.\.\.>$/,
    },
    {
      name: 'a skip record (2024.09)',
      line: `- {"dt": "${DT}", "lvl": "debug", "msg": {"skip": "line way too long ..."}}`,
      shows: /line way too long \.\.\./,
    },
    {
      name: 'a results record whose message was replaced',
      line: `- {"dt": "${DT}", "lvl": "results", "msg": {"skip": "line way too long ..."}}`,
      shows: /\?/,
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const rec = parseRecordLine(row.line);
      assert.notEqual(rec.lvl, 'unparsed');
      const text = formatRecord(rec, { time: 'utc' });
      assert.match(text.replace(/\n$/, ''), row.shows);
    });
  }
});

describe('hostile: LAVA versions — REST validate messages with a Python-repr path (2025.02)', () => {
  const rows: { name: string; message: string; said: string; path?: (string | number)[] }[] = [
    { name: 'the usual', message: "Job invalid: expected str @ ['job_name']", said: 'expected str', path: ['job_name'] },
    {
      name: 'ints and both quotes',
      message: `Job invalid: not a valid value @ ['actions', 0, 'deploy', "it's"]`,
      said: 'not a valid value',
      path: ['actions', 0, 'deploy', "it's"],
    },
    {
      name: 'odd escapes',
      message: "Job invalid: x @ ['a\\'b', '\\x41\\u00e9\\U0001f600', 'tab\\there', 'back\\\\slash']",
      said: 'x',
      path: ["a'b", 'Aé😀', 'tab\there', 'back\\slash'],
    },
    { name: 'an escape beyond Unicode (no RangeError)', message: "Job invalid: x @ ['\\U7fffffff']", said: 'x', path: ['\\U7fffffff'] },
    { name: '" @ [" inside the message', message: "Job invalid: a @ [b] c @ ['context']", said: 'a @ [b] c', path: ['context'] },
    { name: 'an empty path', message: 'Job invalid: expected a dictionary @ []', said: 'expected a dictionary', path: [] },
    { name: 'an unterminated list: no path', message: "Job invalid: x @ ['job_name'", said: "x @ ['job_name'" },
    { name: '2023.01: no path', message: 'Job invalid: required key not provided', said: 'required key not provided' },
    {
      name: 'controls and a command link in the message',
      message: "Job invalid: \u202e[x](command:evil) $(alert) @ ['job_name']",
      said: '\u202e[x](command:evil) $(alert)',
      path: ['job_name'],
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const r = parseRestValidateMessage(row.message);
      assert.ok(r && !r.valid);
      assert.equal(r.message, row.said);
      assert.deepEqual(r.path, row.path);
      // what a notification would show stays plain
      assert.doesNotMatch(plainNotification(r.message), /\]\(command:|\u202e/);
    });
  }
});

/** A loopback server answering each request with `answer(method, path)`. */
async function server(
  answer: (method: string, path: string, body: string) => { status: number; type?: string; body: string; location?: string },
) {
  const requests: string[] = [];
  const srv = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push(`${req.method} ${req.url}`);
      const a = answer(req.method ?? 'GET', req.url ?? '/', Buffer.concat(chunks).toString('utf8'));
      res.statusCode = a.status;
      res.setHeader('Content-Type', a.type ?? 'application/json');
      if (a.location) res.setHeader('Location', a.location);
      res.end(a.body);
    });
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  return { url, requests, close: () => new Promise<void>((resolve) => srv.close(() => resolve())) };
}

describe('hostile: LAVA versions — batch_cancel answers (2024.09)', () => {
  const deps = (url: string) => ({ fetch, timeoutMs: 5000, credentials: { serverUrl: url, token: 'tok' } });

  it('partly invalid ids: the canceled ones and the refused ones, one request', async () => {
    const s = await server((_m, path, body) => {
      assert.equal(path, '/api/v0.2/jobs/batch_cancel/');
      assert.deepEqual(JSON.parse(body), { job_ids: [11, 12, 13] });
      return {
        status: 200,
        body: JSON.stringify({ message: 'Job cancel signal sent for job ids.', job_ids: [11, 13], invalid_job_ids: [12] }),
      };
    });
    try {
      const out = await cancelJobs(s.url, ['11', '12', '13'], deps(s.url));
      assert.deepEqual(out.canceled, ['11', '13']);
      assert.deepEqual(
        out.refused.map((r: { id: string }) => r.id),
        ['12'],
      );
      assert.equal(s.requests.length, 1);
    } finally {
      await s.close();
    }
  });

  it('an answer claiming ids never sent: only ids we sent count', async () => {
    const s = await server(() => ({
      status: 200,
      body: JSON.stringify({ job_ids: [11, 666, '667', null, { a: 1 }], invalid_job_ids: [] }),
    }));
    try {
      const out = await cancelJobs(s.url, ['11', '12'], deps(s.url));
      assert.deepEqual(out.canceled, ['11']);
      assert.deepEqual(
        out.refused.map((r: { id: string }) => r.id),
        ['12'],
      );
    } finally {
      await s.close();
    }
  });

  it('an answer without the two lists: a bad-response error naming no path', async () => {
    const s = await server(() => ({ status: 200, body: JSON.stringify({ message: 'ok' }) }));
    try {
      await assert.rejects(cancelJobs(s.url + '/[x](command:evil)', ['11'], deps(s.url)), (e: unknown) => {
        assert.ok(e instanceof LavaError);
        assert.doesNotMatch(e.message, /command:evil/);
        return true;
      });
    } finally {
      await s.close();
    }
  });
});

describe('hostile: LAVA versions — REQUIRE_LOGIN redirects', () => {
  const loginPage = {
    status: 200,
    type: 'text/html; charset=utf-8',
    body: '<!DOCTYPE html><html><head><title>Login</title></head><body></body></html>',
  };
  const redirect = (path: string) => ({
    status: 302,
    type: 'text/html',
    body: '',
    location: `/accounts/login/?next=${encodeURIComponent(path)}`,
  });

  async function detect(version: string | undefined, credentials = false): Promise<LavaError> {
    const s = await server((_m, path) => {
      if (path.startsWith('/accounts/login/')) return loginPage;
      if (path === '/api/v0.2/system/version/' && version !== undefined) return { status: 200, body: JSON.stringify({ version }) };
      return redirect(path);
    });
    try {
      const cred = credentials ? { serverUrl: s.url, token: 'tok' } : undefined;
      const err = await new ApiDetector(fetch, 5000).resolve({ name: 's', url: s.url, api: 'auto' }, cred, undefined, '1').then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(err instanceof LavaError, String(err));
      return err;
    } finally {
      await s.close();
    }
  }

  it('no token: "needs a token", with the open version', async () => {
    const e = await detect('2026.07');
    assert.equal(e.kind, 'unauthorized');
    assert.match(e.message, /this LAVA server \(version 2026\.07\) requires login, so it needs a token\.$/);
  });

  it('a version that is not a release name is left out', async () => {
    const e = await detect('$(alert) [x](command:evil)\u202e');
    assert.match(e.message, /this LAVA server requires login, so it needs a token\.$/);
    assert.doesNotMatch(e.message, /alert|command|\u202e/);
  });

  it('version redirected too (2023.01): no version, still "needs a token"', async () => {
    const e = await detect(undefined);
    assert.match(e.message, /this LAVA server requires login/);
  });

  it('a token it does not know: said so', async () => {
    const e = await detect('2025.10', true);
    assert.match(e.message, /does not accept that token\.$/);
  });

  it('a login page reached without a login redirect stays "an HTML page"', async () => {
    const s = await server(() => loginPage);
    try {
      await assert.rejects(
        new ApiDetector(fetch, 5000).resolve({ name: 's', url: s.url, api: 'auto' }, undefined, undefined, '1'),
        (e: unknown) => {
          assert.ok(e instanceof LavaError);
          assert.equal(e.kind, 'bad-response');
          return true;
        },
      );
    } finally {
      await s.close();
    }
  });
});
