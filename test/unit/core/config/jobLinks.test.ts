import assert from 'node:assert/strict';
import { findJobLinks, followLinkDecision, MAX_JOB_LINKS, MAX_LINK_SCAN_CHARS } from '../../../../src/core/config/jobLinks';
import { ServerConfig } from '../../../../src/core/config/servers';

const servers: ServerConfig[] = [
  { name: 'lab', url: 'https://lava.example.org', api: 'auto' },
  { name: 'staging', url: 'https://host.example.org/staging', api: 'rest' },
];

describe('findJobLinks: job URLs of configured servers in untrusted text', () => {
  it('finds each form of job URL with its range, the id checked, the URL rebuilt from the configured server', () => {
    const text =
      'submitted: https://lava.example.org/scheduler/job/1234\n' +
      '(see https://lava.example.org/api/v0.2/jobs/77/logs/?start=3), and https://host.example.org/staging/scheduler/job/9.1#L20.';
    const links = findJobLinks(text, servers);
    assert.deepEqual(
      links.map((l) => [text.slice(l.start, l.end), l.jobId, l.server.name, l.url]),
      [
        ['https://lava.example.org/scheduler/job/1234', '1234', 'lab', 'https://lava.example.org/scheduler/job/1234'],
        ['https://lava.example.org/api/v0.2/jobs/77/logs/?start=3', '77', 'lab', 'https://lava.example.org/scheduler/job/77'],
        ['https://host.example.org/staging/scheduler/job/9.1#L20', '9.1', 'staging', 'https://host.example.org/staging/scheduler/job/9.1'],
      ],
    );
  });

  it('other servers, other paths, credentials, bad ids and other schemes are no links', () => {
    const text = [
      'https://evil.example.com/scheduler/job/1',
      'https://lava.example.org.evil.example.com/scheduler/job/2',
      'https://host.example.org/scheduler/job/3', // the staging server has a path prefix
      'http://lava.example.org/scheduler/job/4', // another origin (http)
      'https://user:pw@lava.example.org/scheduler/job/5',
      'https://lava.example.org/scheduler/job/0',
      'https://lava.example.org/scheduler/job/1e5',
      'https://lava.example.org/scheduler/jobs',
      'javascript://lava.example.org/scheduler/job/6',
      'https://lava.example.org/scheduler/job/１２', // fullwidth digits
    ].join(' ');
    assert.deepEqual(findJobLinks(text, servers), []);
    assert.deepEqual(findJobLinks('https://lava.example.org/scheduler/job/1', []), [], 'no server configured: no links');
  });

  it('a link never carries what follows the URL (quotes, brackets, a command: link)', () => {
    const text = '[x](https://lava.example.org/scheduler/job/8)"command:lava.setToken" <https://lava.example.org/scheduler/job/9>';
    const links = findJobLinks(text, servers);
    assert.deepEqual(
      links.map((l) => text.slice(l.start, l.end)),
      ['https://lava.example.org/scheduler/job/8', 'https://lava.example.org/scheduler/job/9'],
    );
  });

  it('looks at the first MAX_LINK_SCAN_CHARS characters only, and never gives a URL cut there', () => {
    const url = 'https://lava.example.org/scheduler/job/123456';
    const before = 'x'.repeat(MAX_LINK_SCAN_CHARS - 30);
    assert.deepEqual(findJobLinks(before + ' ' + url, servers), [], 'cut by the bound: not job 1234…');
    assert.equal(findJobLinks(`${url} ${'y'.repeat(10 * MAX_LINK_SCAN_CHARS)} ${url}`, servers).length, 1);
  });

  it('gives at most MAX_JOB_LINKS links, and a huge line of URL-like text is scanned in one pass', () => {
    const many = Array.from({ length: MAX_JOB_LINKS + 50 }, (_, i) => `https://lava.example.org/scheduler/job/${i + 1}`).join(' ');
    assert.equal(findJobLinks(many, servers, { maxChars: many.length }).length, MAX_JOB_LINKS);
    // One long "URL" without a job path, and a path that repeats the hint: each a single candidate.
    const long = 'https://lava.example.org/' + 'a/'.repeat(200_000);
    assert.deepEqual(findJobLinks(long, servers, { maxChars: long.length }), []);
    const hinted = 'https://lava.example.org' + '/scheduler/job/1'.repeat(20_000);
    assert.deepEqual(findJobLinks(hinted, servers, { maxChars: hinted.length }), [], 'longer than any job URL');
  });
});

describe('followLinkDecision: vscode://…/follow?url=<job URL>', () => {
  const q = (url: string) => `url=${encodeURIComponent(url)}`;
  it('a job of a configured server is followed (the URL rebuilt from the setting)', () => {
    const d = followLinkDecision('/follow', q('https://lava.example.org/scheduler/job/42?x=1'), servers);
    assert.equal(d.kind, 'follow');
    assert.ok(d.kind === 'follow' && d.url === 'https://lava.example.org/scheduler/job/42' && d.server.name === 'lab');
  });
  it("another server's job is asked about, never followed at once", () => {
    const d = followLinkDecision('/follow', q('https://evil.example.com/scheduler/job/42'), servers);
    assert.deepEqual(d, {
      kind: 'ask',
      jobId: '42',
      serverUrl: 'https://evil.example.com',
      url: 'https://evil.example.com/scheduler/job/42',
    });
  });
  it('anything else is refused with its reason', () => {
    const rows: [string, string][] = [
      ['/open', q('https://lava.example.org/scheduler/job/1')],
      ['/follow', ''],
      ['/follow', q('1234')],
      ['/follow', q('https://lava.example.org/about')],
      ['/follow', q('https://u:p@lava.example.org/scheduler/job/1')],
      ['/follow', q('file:///etc/passwd')],
      ['/follow', `url=${'a'.repeat(5000)}`],
    ];
    for (const [path, query] of rows) {
      const d = followLinkDecision(path, query, servers);
      assert.equal(d.kind, 'refuse', `${path}?${query.slice(0, 60)}`);
      assert.ok(d.kind === 'refuse' && !d.reason.includes('u:p'), 'credentials are never repeated');
    }
  });
});
