import assert from 'node:assert/strict';
import { checkToken, isLoopbackHost, needsPlainHttpWarning, PlainHttpConsent } from '../../../../src/core/config/tokens';

describe('tokens', () => {
  it('accepts printable ASCII tokens, dropping spaces around them', () => {
    assert.deepEqual(checkToken('abc123secret'), { ok: true, token: 'abc123secret' });
    assert.deepEqual(checkToken('  a-b_c.d~e!f$:/+=  '), { ok: true, token: 'a-b_c.d~e!f$:/+=' });
    assert.deepEqual(checkToken('x'.repeat(512)), { ok: true, token: 'x'.repeat(512) });
  });

  it('refuses what would break an HTTP header or hide in it, without quoting the token', () => {
    const refused: [string, RegExp][] = [
      ['', /cannot be empty/],
      ['   ', /cannot be empty/],
      ['tokSECRET\r', /U\+000D/],
      ['tokSECRET\n', /U\+000A/],
      ['tokSECRET\r\nX-Evil: 1', /U\+000D/],
      ['tok\0SECRET', /U\+0000/],
      ['tok\u200bSECRET', /U\+200B/],
      ['tok\ufeffSECRET', /U\+FEFF/],
      ['tok\u00a0SECRET', /U\+00A0/],
      ['tok\x7fSECRET', /U\+007F/],
      ['tok SECRET', /no spaces/],
      ['tokSÉCRET', /non-ASCII/],
      ['x'.repeat(513), /at most 512 characters long \(this one has 513\)/],
    ];
    for (const [input, message] of refused) {
      const r = checkToken(input);
      assert.ok(!r.ok, `accepted ${JSON.stringify(input)}`);
      assert.match(r.message, message);
      assert.ok(!/SECRET|xxxx/.test(r.message), r.message);
    }
  });

  it('warns before a token goes over plain http:// to another machine, not to this one', () => {
    for (const url of [
      'https://lava.example.org',
      'http://127.0.0.1:8080',
      'http://127.1.2.3',
      'http://localhost:8000/lava',
      'http://[::1]:80',
      'http://127.1',
    ]) {
      assert.equal(needsPlainHttpWarning(url), false, url);
    }
    for (const url of [
      'http://lava.example.org',
      'http://10.0.0.5:8080',
      'http://128.0.0.1',
      'http://localhost.evil.example',
      'http://127.0.0.1.nip.io',
      'http://[::2]',
      'not a url',
    ]) {
      assert.equal(needsPlainHttpWarning(url), true, url);
    }
    assert.equal(isLoopbackHost('127.0.0.1'), true);
    assert.equal(isLoopbackHost('127.0.0.256'), false);
  });

  it('asks once per server per session, whatever the answer, and shares an open question', async () => {
    const asked: string[] = [];
    let release!: (yes: boolean) => void;
    const consent = new PlainHttpConsent((url) => {
      asked.push(url);
      if (url === 'http://slow') return new Promise<boolean>((resolve) => (release = resolve));
      return Promise.resolve(url === 'http://yes');
    });
    assert.equal(await consent.allowed('https://secure'), true);
    assert.equal(await consent.allowed('http://127.0.0.1:8080'), true);
    assert.equal(await consent.allowed('http://yes'), true);
    assert.equal(await consent.allowed('http://yes'), true);
    assert.equal(await consent.allowed('http://no'), false);
    assert.equal(await consent.allowed('http://no'), false);
    const both = Promise.all([consent.allowed('http://slow'), consent.allowed('http://slow')]);
    release(true);
    assert.deepEqual(await both, [true, true]);
    assert.deepEqual(asked, ['http://yes', 'http://no', 'http://slow']);
  });

  it('takes a failed question as "Cancel"', async () => {
    const consent = new PlainHttpConsent(() => Promise.reject(new Error('closed')));
    assert.equal(await consent.allowed('http://h'), false);
  });
});
