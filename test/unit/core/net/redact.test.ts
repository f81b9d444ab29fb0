import assert from 'node:assert/strict';
import { redact, redactingFetch, redactSecrets, redactStream, secretsOf } from '../../../../src/core/net/redact';

const TOKEN = 'tok-123456789';
const B64 = Buffer.from(`bob:${TOKEN}`).toString('base64');

async function through(chunks: string[], secrets: string[]): Promise<string> {
  const enc = new TextEncoder();
  const patterns = secrets.map((s) => enc.encode(s));
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      for (const ch of chunks) c.enqueue(enc.encode(ch));
      c.close();
    },
  }).pipeThrough(redactStream(patterns));
  return new Response(stream).text();
}

describe('redact: no secret in a text or a body', () => {
  it('secretsOf: the token, and Basic user:token with and without its padding, longest first', () => {
    const s = secretsOf(TOKEN, 'bob');
    assert.ok(s.includes(TOKEN) && s.includes(B64));
    assert.deepEqual(
      s.map((x) => x.length),
      [...s.map((x) => x.length)].sort((a, b) => b - a),
    );
    assert.deepEqual(secretsOf(undefined, 'bob'), []);
    assert.deepEqual(secretsOf(TOKEN), [TOKEN]);
  });

  it('redactSecrets removes the token, `Token <t>` and the Basic value', () => {
    const text = `Authorization: Token ${TOKEN}; Authorization: Basic ${B64}; ${B64.replace(/=+$/, '')}`;
    const out = redactSecrets(text, secretsOf(TOKEN, 'bob'));
    assert.ok(!out.includes(TOKEN) && !out.includes(B64.replace(/=+$/, '')), out);
    assert.equal(redact(`x ${TOKEN} y`, { serverUrl: 'http://a', token: TOKEN }), 'x [token] y');
  });

  it('a body cut anywhere (even inside a secret) comes out the same as whole, with no secret', async () => {
    const secrets = secretsOf(TOKEN, 'bob');
    const body = `{"detail": "Token ${TOKEN} and Basic ${B64} and ${TOKEN}${TOKEN}"} é ✓`;
    const whole = await through([body], secrets);
    assert.ok(!whole.includes(TOKEN) && !whole.includes(B64.replace(/=+$/, '')), whole);
    assert.equal(whole, redactSecrets(body, secrets));
    for (let cut = 1; cut < body.length; cut++) {
      assert.equal(await through([body.slice(0, cut), body.slice(cut)], secrets), whole, `cut at ${cut}`);
    }
    assert.equal(await through([...body], secrets), whole, 'one character a chunk');
  });

  it('redactingFetch keeps status and headers, and returns the fetch as it is without secrets', async () => {
    const fake = async () => new Response(`quoted ${TOKEN}`, { status: 403, headers: { 'content-type': 'application/json' } });
    const res = await redactingFetch(fake, [TOKEN])('http://x/');
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.equal(await res.text(), 'quoted [token]');
    assert.equal(redactingFetch(fake, []), fake);
    const empty = await redactingFetch(async () => new Response(null, { status: 204 }), [TOKEN])('http://x/');
    assert.equal(empty.status, 204);
  });
});
