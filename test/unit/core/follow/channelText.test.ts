import assert from 'node:assert/strict';
import { ChannelText, NOTICE_PREFIX } from '../../../../src/core/follow/channelText';

function collect() {
  const parts: string[] = [];
  return { parts, text: new ChannelText((s) => parts.push(s)), all: () => parts.join('') };
}

describe('ChannelText', () => {
  it('writes a notice at once at a line start', () => {
    const c = collect();
    c.text.append('a\n');
    c.text.notice('hello');
    assert.equal(c.all(), `a\n${NOTICE_PREFIX}hello\n`);
  });

  it('holds a notice that arrives mid-line until that line ends', () => {
    const c = collect();
    c.text.append('par');
    c.text.notice('reconnecting');
    c.text.append('tial\nnext');
    assert.equal(c.all(), `partial\n${NOTICE_PREFIX}reconnecting\nnext`);
    // removing the notice lines gives the log back byte for byte
    assert.equal(c.all().replace(/^\[LAVA Follow\] .*\n/gm, ''), 'partial\nnext');
  });

  it('flushes held notices on a new line when the log ends mid-line', () => {
    const c = collect();
    c.text.append('end');
    c.text.notice('gone');
    c.text.flush();
    assert.equal(c.all(), `end\n${NOTICE_PREFIX}gone\n`);
  });
});
