import assert from 'node:assert/strict';
import { LavaError, LavaErrorKind } from '../../../../src/core/net/errors';
import { HTML_ANSWER } from '../../../../src/core/net/http';
import { followErrorText, noticeText, notLavaServerText, reconnectingText, sourceEventText } from '../../../../src/core/text/messages';

const TOKEN = 'a1b2c3d4e5f6a7b8c9d0';

describe('follow messages', () => {
  const kinds: LavaErrorKind[] = [
    'not-found',
    'unauthorized',
    'server',
    'rate-limited',
    'network',
    'timeout',
    'bad-response',
    'too-large',
    'http',
    'internal',
    'aborted',
  ];

  it('words the end of a follow for every kind of error, and never shows a token or a password', () => {
    const seen = new Set<string>();
    for (const kind of kinds) {
      const error = new LavaError(kind, `Something about https://user:${TOKEN}@lava.example/ with Token ${TOKEN}.`);
      const text = followErrorText(error, 'LAVA job 12', 'lava');
      assert.ok(text.includes('LAVA job 12'), `${kind}: ${text}`);
      assert.ok(!text.includes(TOKEN), `${kind}: ${text}`);
      seen.add(text.replace(error.message, ''));
    }
    assert.ok(seen.size >= 8, 'kinds share their wording');
  });

  it('says what each kind means', () => {
    const text = (kind: LavaErrorKind, message = 'm.', status?: number, retryAfterMs?: number) =>
      followErrorText(new LavaError(kind, message, status, retryAfterMs), 'LAVA job 12', 'lava');
    assert.match(text('rate-limited'), /kept asking to slow down/);
    assert.match(
      text('too-large', 'The answer from http://x is larger than 64 MB: stopped reading it.'),
      /larger than 64 MB.*reads at most/,
    );
    assert.equal(
      text('internal', 'Internal error of LAVA Follow (please report it): TypeError: x'),
      'Following LAVA job 12 stopped on a bug of LAVA Follow, not of lava: TypeError: x Please report it.',
    );
    assert.match(
      text('bad-response', `http://x ${HTML_ANSWER} (HTTP 200)`),
      /did not answer like a LAVA server.*sign in to it in a browser/,
    );
    assert.doesNotMatch(text('bad-response', 'The job answer is not JSON.'), /browser/);
  });

  it('tells why it reconnects, and how long it waits when the server asks', () => {
    assert.match(
      reconnectingText(new LavaError('network', 'Cannot reach http://x: ECONNREFUSED.')),
      /ECONNREFUSED\. Retrying until it can be reached\. Reconnecting…$/,
    );
    assert.match(
      reconnectingText(new LavaError('rate-limited', 'x asks us to slow down (HTTP 429).', 429, 7000)),
      /Asking again in 7 s, as it asks\. Reconnecting…$/,
    );
    assert.match(reconnectingText(new LavaError('server', 'x failed (HTTP 502).', 502)), /restarting.*Reconnecting…$/);
    assert.match(reconnectingText(new LavaError('bad-response', 'HTML.')), /not what a LAVA server answers/);
    assert.equal(
      noticeText({ kind: 'reconnecting', error: new LavaError('timeout', 'x was silent for 30 s.') }),
      'x was silent for 30 s. Retrying. Reconnecting…',
    );
  });

  it('names a URL that is not a LAVA server without its password', () => {
    assert.equal(
      notLavaServerText(`https://me:${TOKEN}@lava.example/typo`),
      'https://lava.example/typo does not look like a LAVA server: neither the REST API (/api/v0.2/) nor the log-tail endpoint answered. Is the URL right?',
    );
  });

  it("words a log source's events as the channel has always said them (the end-to-end tests compare them byte for byte)", () => {
    assert.equal(
      sourceEventText({ kind: 'queued', jobId: '12', state: 'Submitted', deviceType: 'qemu' }),
      'Job 12 is Submitted: waiting for a device (qemu).',
    );
    assert.equal(sourceEventText({ kind: 'queued', jobId: '12', state: 'Scheduled' }), 'Job 12 is Scheduled: waiting for a device.');
    assert.equal(
      sourceEventText({ kind: 'no-log', jobId: '26' }),
      'LAVA has no log for job 26 (it may have been removed, or the job never ran).',
    );
    assert.equal(
      sourceEventText({ kind: 'rpc-refused', server: 'https://lava.example/', user: 'me', status: 401 }),
      'https://lava.example/RPC2 refused the token as user "me" (HTTP 401): is that your user name on this server ' +
        "(lava.servers' username)? The job's state is read over REST instead.",
    );
    assert.equal(noticeText({ kind: 'restarted' }), 'The log was restarted on the server: showing it again from the beginning.');
  });
});
