import assert from 'node:assert/strict';
import { LavaError } from '../../../../src/core/net/errors';
import { LogTailDecoder, LogTailFields } from '../../../../src/core/protocols/logTailDecoder';
import { pythonJsonDumps } from '../../../simulator/respond';

/**
 * Escapes of every kind, a BOM, 2-, 3- and 4-byte characters, a U+FFFD that is in the log, quotes and
 * braces, and text that looks like a \u escape after a backslash (`\\u00e9` is a backslash, then "u00e9").
 */
const TRICKY = '\uFEFFa"\\/\b\f\n\r\t\u0001\u001f\u007f é✓🚀\uFFFD日本語 {"x": [1]} 𝄞\\u0041 \\u00e9 \\\\u2713 \\é\\\\✓ end🚀';

interface Decoded extends LogTailFields {
  text: string;
  pieces: { text: string; bytes: number }[];
}

function decode(body: Buffer, cuts: number[]): Decoded {
  const pieces: { text: string; bytes: number }[] = [];
  const d = new LogTailDecoder((text, bytes) => pieces.push({ text, bytes }));
  let at = 0;
  for (const c of [...cuts, body.length]) {
    d.push(body.subarray(at, c));
    at = c;
  }
  const fields = d.end();
  return { ...fields, text: pieces.map((p) => p.text).join(''), pieces };
}

function check(body: Buffer, cuts: number[], content: string, fields: LogTailFields): void {
  const r = decode(body, cuts);
  const where = `cuts ${cuts.join(',')}`;
  assert.equal(r.text, content, where);
  assert.equal(r.isFinished, fields.isFinished, where);
  assert.equal(r.newSize, fields.newSize, where);
  for (const p of r.pieces) {
    // Complete characters only, and their UTF-8 length counted right.
    assert.equal(p.bytes, Buffer.byteLength(p.text, 'utf8'), where);
    assert.ok(!/[\ud800-\udbff]$/.test(p.text) && !/^[\udc00-\udfff]/.test(p.text), `a surrogate pair split between pieces (${where})`);
  }
}

function expectBad(body: Buffer | string, cuts: number[], pattern?: RegExp): LavaError {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  let error: unknown;
  try {
    decode(bytes, cuts);
  } catch (err) {
    error = err;
  }
  assert.ok(error instanceof LavaError, `no error for ${bytes.toString('utf8').slice(0, 80)} (cuts ${cuts.join(',')}): ${String(error)}`);
  assert.equal(error.kind, 'bad-response');
  if (pattern) assert.match(error.message, pattern);
  return error;
}

describe('LogTailDecoder', () => {
  const fields = { isFinished: true, newSize: Buffer.byteLength(TRICKY) };
  const bodies: [string, Buffer][] = [
    // Python json.dumps (ensure_ascii): \uXXXX escapes, surrogate pairs for 🚀 and 𝄞.
    ['ASCII with \\u escapes (the server)', Buffer.from(pythonJsonDumps({ is_finished: true, new_size: fields.newSize, content: TRICKY }))],
    // Raw UTF-8 in the string, other key order, unknown keys of every kind, no spaces.
    [
      'raw UTF-8, other order, unknown keys',
      Buffer.from(
        `{"content":${JSON.stringify(TRICKY)},"x":{"a":["}",{"b":null}],"c":"\\"]"},"new_size":${fields.newSize},"n":-1.5e3,"t":true,"is_finished":true}`,
      ),
    ],
  ];

  for (const [name, body] of bodies) {
    it(`decodes ${name} split in two at every position`, () => {
      for (let i = 0; i <= body.length; i++) check(body, [i], TRICKY, fields);
    });

    it(`decodes ${name} split in three at every pair of positions, and byte by byte`, () => {
      for (let i = 0; i <= body.length; i++) for (let j = i; j <= body.length; j++) check(body, [i, j], TRICKY, fields);
      check(
        body,
        Array.from({ length: body.length }, (_, k) => k),
        TRICKY,
        fields,
      );
    });

    it(`says a ${name} body cut at any position is cut off`, () => {
      for (let i = 0; i < body.length; i++) {
        // A body cut right after its closing brace is whole; every shorter one is cut.
        expectBad(body.subarray(0, i), i > 0 ? [i >> 1] : [], /was cut off|is empty/);
      }
    });
  }

  it('hands over a large content in pieces, one a push, without holding it', () => {
    const line = 'x'.repeat(1000) + 'é\n';
    const content = line.repeat(2000);
    const body = Buffer.from(pythonJsonDumps({ is_finished: false, new_size: 7, content }));
    const pieces: number[] = [];
    const d = new LogTailDecoder((text) => pieces.push(text.length));
    for (let at = 0; at < body.length; at += 65536) d.push(body.subarray(at, at + 65536));
    assert.deepEqual(d.end(), { isFinished: false, newSize: 7, contentBytes: Buffer.byteLength(content) });
    assert.ok(pieces.length >= 30, `${pieces.length} pieces`);
    assert.ok(Math.max(...pieces) <= 65536);
    assert.equal(
      pieces.reduce((a, b) => a + b, 0),
      content.length,
    );
  });

  it('tells new_size as soon as it is read, before the content', () => {
    const seen: string[] = [];
    const d = new LogTailDecoder(
      (text) => seen.push(`content ${text}`),
      undefined,
      {},
      (n) => seen.push(`new_size ${n}`),
    );
    d.push(Buffer.from('{"is_finished": false, "new_size": 12, "content": "ab'));
    d.push(Buffer.from('c"}'));
    d.end();
    assert.deepEqual(seen, ['new_size 12', 'content ab', 'content c']);
  });

  const bad: [string, string, RegExp][] = [
    ['an HTML page', '<!DOCTYPE html><html><body>Sign in</body></html>', /not a log-tail JSON object: <!DOCTYPE html>/],
    ['plain text', 'Internal error\n', /not a log-tail JSON object: Internal error/],
    ['an empty body', '', /is empty/],
    ['a JSON array', '[1, 2]', /not a log-tail JSON object/],
    ['is_finished a number', '{"is_finished": 1, "new_size": 0, "content": ""}', /is_finished 1, not true or false/],
    ['new_size negative', '{"is_finished": true, "new_size": -5, "content": ""}', /new_size -5, not a byte offset/],
    ['new_size fractional', '{"is_finished": true, "new_size": 1.5, "content": ""}', /new_size 1.5, not a byte offset/],
    ['new_size with an exponent', '{"is_finished": true, "new_size": 1e3, "content": ""}', /new_size 1e3, not a byte offset/],
    ['new_size above 2^53', '{"is_finished": true, "new_size": 9007199254740993, "content": ""}', /larger than any log/],
    ['new_size huge', `{"is_finished": true, "new_size": 1${'0'.repeat(400)}, "content": ""}`, /larger than any log/],
    ['new_size a string', '{"is_finished": true, "new_size": "12", "content": ""}', /new_size "12", not a number/],
    ['new_size missing', '{"is_finished": true, "content": ""}', /has no new_size/],
    ['is_finished missing', '{"new_size": 0, "content": ""}', /has no is_finished/],
    ['content missing', '{"is_finished": true, "new_size": 0}', /has no content/],
    ['content a number', '{"is_finished": true, "new_size": 0, "content": 5}', /content 5, not a string/],
    ['content null', '{"is_finished": true, "new_size": 0, "content": null}', /content null, not a string/],
    ['a key twice', '{"is_finished": true, "new_size": 0, "new_size": 1, "content": ""}', /has "new_size" twice/],
    ['text after the object', '{"is_finished": true, "new_size": 0, "content": ""} {}', /more after its end/],
    ['a trailing comma', '{"is_finished": true, "new_size": 0, "content": "",}', /not a log-tail JSON object/],
    ['a lone high surrogate', '{"is_finished": true, "new_size": 0, "content": "a\\ud83d"}', /half a UTF-16 surrogate pair/],
    ['a high surrogate before a letter', '{"is_finished": true, "new_size": 0, "content": "\\ud83dx"}', /half a UTF-16 surrogate pair/],
    ['a lone low surrogate', '{"is_finished": true, "new_size": 0, "content": "\\ude80"}', /half a UTF-16 surrogate pair/],
    ['a bad escape', '{"is_finished": true, "new_size": 0, "content": "\\x41"}', /invalid escape/],
    ['a bad \\u escape', '{"is_finished": true, "new_size": 0, "content": "\\u12g4"}', /invalid \\u escape/],
    ['a raw control character', '{"is_finished": true, "new_size": 0, "content": "a\nb"}', /control character/],
    ['a key too long', `{"${'k'.repeat(300)}": 1, "is_finished": true, "new_size": 0, "content": ""}`, /key longer than 256 bytes/],
    [
      'an unknown value too long',
      `{"x": "${'v'.repeat(2000)}", "is_finished": true, "new_size": 0, "content": ""}`,
      /value of "x" longer than 1024/,
    ],
    ['an unknown value nested too deep', `{"x": ${'['.repeat(20)}${']'.repeat(20)}, "is_finished": true}`, /nests values deeper than 16/],
    ['an unknown value not JSON', '{"x": tru, "is_finished": true, "new_size": 0, "content": ""}', /not a log-tail JSON object/],
    [
      'a flood of whitespace',
      `{${' '.repeat(70000)}"is_finished": true, "new_size": 0, "content": ""}`,
      /more than 64 kB besides its content/,
    ],
    [
      'a flood of small unknown keys',
      `{${Array.from({ length: 5000 }, (_, i) => `"k${i}": ${i}`).join(', ')}, "is_finished": true, "new_size": 0, "content": ""}`,
      /more than 64 kB besides its content/,
    ],
  ];
  for (const [name, body, pattern] of bad) {
    it(`refuses ${name}, saying what came back, however the body is split`, () => {
      const bytes = Buffer.from(body, 'utf8');
      expectBad(bytes, [], pattern);
      const step = Math.max(1, Math.floor(bytes.length / 40));
      for (let i = 0; i <= bytes.length; i += step) expectBad(bytes, [i], pattern);
    });
  }

  it('refuses content that is not UTF-8, even with the bad byte alone in its piece', () => {
    const body = Buffer.concat([
      Buffer.from('{"is_finished": true, "new_size": 3, "content": "a'),
      Buffer.from([0xe2, 0x9c]),
      Buffer.from('"}'),
    ]);
    for (let i = 0; i <= body.length; i++) expectBad(body, [i], /not UTF-8/);
    const stray = Buffer.concat([
      Buffer.from('{"is_finished": true, "new_size": 3, "content": "a'),
      Buffer.from([0x80]),
      Buffer.from('b"}'),
    ]);
    for (let i = 0; i <= stray.length; i++) expectBad(stray, [i], /not UTF-8/);
  });
});
