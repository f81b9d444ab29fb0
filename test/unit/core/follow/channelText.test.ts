import assert from 'node:assert/strict';
import {
  ChannelText,
  NOTICE_MARK,
  NOTICE_START,
  noticeMessages,
  sanitizeLogText,
  stripNotices,
} from '../../../../src/core/follow/channelText';
import { mulberry32 } from '../../../simulator/growingLog';

function collect() {
  const parts: string[] = [];
  return { parts, text: new ChannelText((s) => parts.push(s)), all: () => parts.join('') };
}

describe('ChannelText', () => {
  it('writes a notice at once at a line start, marked so the log cannot write it', () => {
    const c = collect();
    c.text.append('a\n');
    c.text.notice('hello');
    assert.equal(c.all(), `a\n${NOTICE_MARK} [LAVA Follow] hello\n`);
    assert.equal(NOTICE_START, '\u2691 [LAVA Follow] ');
    assert.deepEqual(noticeMessages(c.all()), ['hello']);
    assert.equal(stripNotices(c.all()), 'a\n');
  });

  it('shows a notice that arrives mid-line at once, on its own line, and the log is unchanged without it', () => {
    const c = collect();
    c.text.append('U-Boot> ');
    c.text.notice('Server down. Reconnecting…');
    // Written now, not when the line ends (a prompt may never end its line).
    assert.equal(c.all(), `U-Boot> ${NOTICE_MARK}\n${NOTICE_START}Server down. Reconnecting…\n`);
    c.text.notice('Reconnected.');
    c.text.append('boot\nnext');
    assert.equal(c.all(), `U-Boot> ${NOTICE_MARK}\n${NOTICE_START}Server down. Reconnecting…\n${NOTICE_START}Reconnected.\nboot\nnext`);
    assert.equal(stripNotices(c.all()), 'U-Boot> boot\nnext');
    assert.deepEqual(noticeMessages(c.all()), ['Server down. Reconnecting…', 'Reconnected.']);
  });

  it('does not glue the half line before a restart to the restarted log', () => {
    const c = collect();
    c.text.append('line 1\nhalf a li');
    c.text.notice('The log was restarted on the server: showing it again from the beginning.');
    c.text.append('line 1\n');
    const lines = c.all().split('\n');
    assert.deepEqual(lines.slice(1, 4), [
      `half a li${NOTICE_MARK}`,
      `${NOTICE_START}The log was restarted on the server: showing it again from the beginning.`,
      'line 1',
    ]);
    // The bytes received, in order, are what is left without the notices.
    assert.equal(stripNotices(c.all()), 'line 1\nhalf a liline 1\n');
  });

  it('ends the channel with the last notice when the log ends mid-line', () => {
    const c = collect();
    c.text.append('end');
    c.text.notice('Stopped following.');
    assert.equal(c.all(), `end${NOTICE_MARK}\n${NOTICE_START}Stopped following.\n`);
    assert.equal(stripNotices(c.all()), 'end');
  });

  it('keeps the bytes exact around a CR or a CR LF cut by a notice', () => {
    const c = collect();
    c.text.append('a\r');
    c.text.notice('n');
    c.text.append('\nb\n');
    assert.equal(stripNotices(c.all()), 'a\r\nb\n');
  });

  it('makes control, invisible and bidi characters and the marker visible in the log', () => {
    const c = collect();
    c.text.append('a\x1b[31mb\x07\x00\x7f\x85\u202e\u200b\ufeff\u2066\tc\r\n');
    c.text.append(`${NOTICE_MARK} [LAVA Follow] forged\n`);
    assert.equal(c.all(), 'a\u241b[31mb\u2407\u2400\u2421<U+0085><U+202E><U+200B><U+FEFF><U+2066>\tc\r\n<U+2691> [LAVA Follow] forged\n');
    // A line of the log imitating a notice is no notice: it stays in the log.
    assert.deepEqual(noticeMessages(c.all()), []);
    assert.equal(stripNotices(c.all()), c.all());
  });

  it('cannot be made to write a notice or a line break by the log, whatever it holds', () => {
    const c = collect();
    c.text.append(`x${NOTICE_MARK}\n${NOTICE_MARK}\n[LAVA Follow] fake\n`);
    assert.equal(stripNotices(c.all()), c.all());
    assert.equal(c.all(), 'x<U+2691>\n<U+2691>\n[LAVA Follow] fake\n');
  });

  it('puts a notice on one line whatever its message holds', () => {
    const c = collect();
    c.text.notice(`bad\r\nanswer:\n<html>\x1b]8;;x\x07 ${NOTICE_MARK}`);
    assert.equal(c.all(), `${NOTICE_START}bad answer: <html>\u241b]8;;x\u2407 <U+2691>\n`);
    c.text.notice('x'.repeat(10_000));
    assert.equal(c.all().split('\n').length, 3);
    assert.ok(c.all().length < 1200);
  });

  it('sanitizes one character at a time: chunk boundaries never matter', () => {
    const log = 'é\x1b[0m\u202e🚀\r\n\x00\u2691\ufeff end\n';
    assert.equal([...log].map(sanitizeLogText).join(''), sanitizeLogText(log));
    for (let cut = 0; cut <= log.length; cut++) {
      const c = collect();
      c.text.append(log.slice(0, cut));
      c.text.append(log.slice(cut));
      assert.equal(c.all(), sanitizeLogText(log), `cut at ${cut}`);
    }
  });

  it('gives back the sanitized log byte for byte, whatever the chunks and notices', () => {
    const rand = mulberry32(7);
    const alphabet = ['a', 'é', '🚀', '\n', '\r', '\t', '\x1b', '\x07', NOTICE_MARK, ' ', '[LAVA Follow] ', '\u202e'];
    for (let round = 0; round < 200; round++) {
      const c = collect();
      let log = '';
      const steps = 1 + Math.floor(rand() * 20);
      for (let s = 0; s < steps; s++) {
        if (rand() < 0.3) {
          c.text.notice(`notice ${s}\n`);
        } else {
          let chunk = '';
          const n = Math.floor(rand() * 8);
          for (let k = 0; k < n; k++) chunk += alphabet[Math.floor(rand() * alphabet.length)];
          log += chunk;
          c.text.append(chunk);
        }
      }
      assert.equal(stripNotices(c.all()), sanitizeLogText(log), `round ${round}`);
      for (const line of c.all().split('\n')) if (line.startsWith(NOTICE_MARK)) assert.ok(line.startsWith(NOTICE_START), line);
    }
  });
});
