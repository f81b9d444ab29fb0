/**
 * Hostile and malformed input, row by row: what a user types or pastes, what another extension or a
 * `command:` link passes, what lavacli.yaml holds. Each row gives the input and the outcome: the
 * accepted value, or a pattern of the message it is refused with. No message may quote a secret
 * (every secret below contains "SeCrEt").
 */
import assert from 'node:assert/strict';
import { parseJobRef } from '../../../../src/core/config/jobRef';
import { parseLavacliConfig } from '../../../../src/core/config/lavacliConfig';
import { normalizeServerUrl } from '../../../../src/core/config/servers';

type Kind = 'job' | 'server' | 'lavacli';
/** A string is the value accepted; a RegExp matches the message of a refusal (or the note of an accepted server URL). */
type Outcome = string | RegExp | [string, RegExp];

const SECRET = /secret/i;

// Job references: `jobId` or `jobId @ serverUrl`.
// Server URLs: the normalized base URL, or [url, note] when something was dropped.
// lavacli entries (the YAML of one identity): `url [user=…] [token=…]`, or the reason it was skipped.
// prettier-ignore
const ROWS: [Kind, string, Outcome][] = [
  // kind      input                                              outcome
  ['job',     '1234',                                             '1234'],
  ['job',     '#1234',                                            '1234'],
  ['job',     '1234.1',                                           '1234.1'],
  ['job',     '  42\t',                                           '42'],
  ['job',     '00042',                                            '42'],
  ['job',     '123456789012',                                     '123456789012'],
  ['job',     'https://h/scheduler/job/42',                       '42 @ https://h'],
  ['job',     'https://h/staging/scheduler/job/42',               '42 @ https://h/staging'],
  ['job',     'https://h/api/v0.2/jobs/42/',                      '42 @ https://h'],
  ['job',     'http://h:8080/lava-server/job/42/log-tail',        '42 @ http://h:8080'],
  ['job',     'https://H:443/lava/scheduler/job/7.1#L3',          '7.1 @ https://h/lava'],
  ['job',     '',                                                 /^Enter a job id/],
  ['job',     'abc',                                              /^"abc" is not a job id/],
  ['job',     '-3',                                               /^"-3" is not a job id/],
  ['job',     '0',                                                /start at 1/],
  ['job',     '18446744073709551616',                             /at most 12 digits/],
  ['job',     '1234567890123',                                    /at most 12 digits/],
  ['job',     '1.1234567',                                        /at most 6 after the dot/],
  ['job',     'https://h/scheduler/job/99999999999999999999',     /at most 12 digits/],
  ['job',     '\u0661\u0662\u0663\u0664',                         /digits 0-9/],
  ['job',     '\uff11\uff12\uff13\uff14',                         /digits 0-9/],
  ['job',     'https://h/scheduler/job/\uff14\uff12',             /does not end with a job id/],
  ['job',     '12\u200b34',                                       /invisible characters \(this one has U\+200B\)/],
  ['job',     '12\n34',                                           /invisible characters \(this one has U\+000A\)/],
  ['job',     'javascript:alert(1)',                              /Only http:\/\/ and https:\/\/ job URLs .*javascript:/],
  ['job',     'ftp://h/scheduler/job/1',                          /Only http:\/\/ and https:\/\/ job URLs .*ftp:/],
  ['job',     'file:///etc/passwd',                               /Only http:\/\/ and https:\/\/ job URLs .*file:/],
  ['job',     'https://alice:SeCrEt@h/scheduler/job/42',          /Do not put credentials in a job URL/],
  ['job',     'https://h/scheduler/jobs',                         /not a LAVA job page/],
  ['job',     'https://',                                         /not a valid URL/],
  ['job',     `${'1'.repeat(3000)}`,                              /too long/],
  ['server',  'https://lava.example.org',                         'https://lava.example.org'],
  ['server',  'https://lava.example.org///',                      'https://lava.example.org'],
  ['server',  'HTTPS://LAVA.Example.ORG:443/',                    'https://lava.example.org'],
  ['server',  'https://h/staging/',                               'https://h/staging'],
  ['server',  'https://h/lava/RPC2',                              'https://h/lava'],
  ['server',  'http://[::1]:8000/',                               'http://[::1]:8000'],
  ['server',  'https://h/?next=/x#top',                           ['https://h', /query .* not part of a server's URL/]],
  ['server',  'lava.example.org',                                 /^Start the URL with https:\/\//],
  ['server',  'localhost:8080',                                   /^Start the URL with https:\/\//],
  ['server',  'http:h',                                           /^Start the URL with https:\/\//],
  ['server',  'ftp://h',                                          /Only http:\/\/ and https:\/\/ servers .*ftp:/],
  ['server',  'javascript:alert(1)',                              /Only http:\/\/ and https:\/\/ servers .*javascript:/],
  ['server',  'https://alice:SeCrEt@h',                           /Do not put credentials in the URL/],
  ['server',  'https://h/scheduler/job/42',                       /URL of a job: the server's URL is https:\/\/h$/],
  ['server',  'https://h/a b',                                    /no spaces/],
  ['server',  'https://h\n.evil.example',                         /U\+000A/],
  ['server',  'https://',                                         /not a valid URL/],
  ['lavacli', '{uri: "https://h/RPC2", username: a, token: SeCrEt1}', 'https://h user=a token=SeCrEt1'],
  ['lavacli', '{uri: "https://bob:SeCrEt2@h/lava/RPC2"}',          'https://h/lava user=bob token=SeCrEt2'],
  ['lavacli', '{uri: "http://127.0.0.1:8000/RPC2"}',               'http://127.0.0.1:8000'],
  ['lavacli', '{uri: "https://bob:SeCrEt@/RPC2"}',                 /^invalid uri https:\/\/…@\/RPC2$/],
  ['lavacli', '{uri: "https://bob:Se%ZZCrEt@h/RPC2"}',             /malformed %-escape/],
  ['lavacli', '{uri: "https://h/RPC2", token: "SeCrEt\\r"}',       /control or invisible character \(U\+000D\)/],
  ['lavacli', '{uri: "https://h/RPC2", token: "SeCrEt\\n"}',       /control or invisible character \(U\+000A\)/],
  ['lavacli', '{uri: "https://h/RPC2", token: "SeCrEt\\0"}',       /control or invisible character \(U\+0000\)/],
  ['lavacli', '{uri: "https://h/RPC2", token: "SeCrEt\\u200b"}',   /control or invisible character \(U\+200B\)/],
  ['lavacli', '{uri: "https://h/RPC2", token: "Se CrEt"}',         /no spaces/],
  ['lavacli', '{uri: "https://h/RPC2", token: "S\\u00e9CrEt"}',    /non-ASCII/],
  ['lavacli', `{uri: "https://h/RPC2", token: ${'x'.repeat(600)}}`, /at most 512 characters/],
  ['lavacli', '{uri: "https://h/RPC2", token: 0123456789}',        /YAML number/],
  ['lavacli', '{uri: "ftp://h/RPC2", token: SeCrEt}',              /Only http:\/\/ and https:\/\//],
  ['lavacli', '{username: nobody}',                                /^no uri$/],
];

function outcome(kind: Kind, input: string): { value?: string; message?: string; note?: string } {
  switch (kind) {
    case 'job': {
      const r = parseJobRef(input);
      if (!r.ok) return { message: r.message };
      return { value: r.ref.serverUrl ? `${r.ref.jobId} @ ${r.ref.serverUrl}` : r.ref.jobId };
    }
    case 'server': {
      const r = normalizeServerUrl(input);
      return r.ok ? { value: r.url, note: r.note } : { message: r.message };
    }
    case 'lavacli': {
      const { identities, skipped } = parseLavacliConfig(`id: ${input}\n`);
      if (skipped.length) return { message: skipped[0].reason };
      const id = identities[0];
      return { value: [id.url, id.username && `user=${id.username}`, id.token && `token=${id.token}`].filter(Boolean).join(' ') };
    }
  }
}

describe('hostile input: job references, server URLs, lavacli entries', () => {
  it('has at least 25 rows', () => {
    assert.ok(ROWS.length >= 25);
  });

  for (const [kind, input, expected] of ROWS) {
    const shown = JSON.stringify(input.length > 60 ? `${input.slice(0, 57)}…` : input);
    it(`${kind} ${shown} → ${expected instanceof RegExp ? `refused: ${expected.source}` : String(expected)}`, () => {
      const got = outcome(kind, input);
      if (typeof expected === 'string') {
        assert.equal(got.message, undefined, `refused: ${got.message}`);
        assert.equal(got.value, expected);
        assert.equal(got.note, undefined);
      } else if (Array.isArray(expected)) {
        assert.equal(got.value, expected[0], `refused: ${got.message}`);
        assert.match(got.note ?? '', expected[1]);
      } else {
        assert.equal(got.value, undefined, `accepted as ${got.value}`);
        assert.match(got.message ?? '', expected);
      }
      for (const text of [got.message, got.note]) {
        if (text !== undefined) assert.doesNotMatch(text, SECRET, 'a message quotes a secret');
      }
    });
  }
});
