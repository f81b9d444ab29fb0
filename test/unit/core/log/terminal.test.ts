import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseRecords } from '../../../../src/core/log/records';
import { stripTerminalControls } from '../../../../src/core/log/terminal';
import { DATA_DIR } from '../../../simulator/fixtures';

const FIXTURES = DATA_DIR;

function targetMessages(): string[] {
  const out: string[] = [];
  for (const run of ['complete', 'incomplete', 'canceled']) {
    const { records } = parseRecords(fs.readFileSync(path.join(FIXTURES, run, 'output.yaml'), 'utf8'));
    for (const r of records) if (r.lvl === 'target' && typeof r.msg === 'string') out.push(r.msg);
  }
  return out;
}

describe('lava terminal: stripTerminalControls', () => {
  it('cleans the real console lines whose ESC bytes were dropped', () => {
    assert.strictEqual(
      stripTerminalControls('c[?7l[2J[0mSeaBIOS (version 1.16.2-debian-1.16.2-1)'),
      'SeaBIOS (version 1.16.2-debian-1.16.2-1)',
    );
    assert.strictEqual(
      stripTerminalControls(
        'Probing EDD (edd=off to disable)... oc[?7l[2J[    0.000000] Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org)',
      ),
      'Probing EDD (edd=off to disable)... o[    0.000000] Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org)',
    );
    assert.strictEqual(stripTerminalControls('/ # [6nuname -a'), '/ # uname -a');
    assert.strictEqual(
      stripTerminalControls('[6nfor i in $(seq 150); do echo \\"progress $i/150\\"; sleep .3; done; echo \\"loop d'),
      'for i in $(seq 150); do echo \\"progress $i/150\\"; sleep .3; done; echo \\"loop d',
    );
  });

  it('leaves ordinary real console lines alone', () => {
    for (const s of [
      '[    0.000000] \tRude variant of Tasks RCU enabled.',
      '[    1.011880] pci 0000:00:03.0: [1af4:1000] type 00 class 0x020000',
      '[    0.976522] acpiphp: Slot [31] registered',
      '[    0.674374] PCI: Using host bridge windows from ACPI; if necessary, use \\"pci=nocrs\\" and report a bug',
      'start: 1 deployimages (timeout 00:02:00) [common]',
      'progress 60/150',
      'Linux (none) 6.1.0-56-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16) x86_64 GNU/Linux',
      'array[1] = x[2]; wait [5m] [10s] [3 items] [K] [1;2] port [1B] [2D]',
      'héllo … 😀',
      '',
    ]) {
      assert.strictEqual(stripTerminalControls(s), s, s);
    }
  });

  it('only changes fixture target lines that carry control debris', () => {
    const changed = new Set<string>();
    for (const msg of targetMessages()) {
      const clean = stripTerminalControls(msg);
      assert.doesNotMatch(clean, /\[\??\d+(;\d+)*[mJKHfnhl]/, msg);
      if (clean !== msg) changed.add(msg.slice(0, 12));
    }
    assert.deepStrictEqual(
      [...changed].sort(),
      [
        '/ # [6necho ',
        '/ # [6ncat /',
        '/ # [6nfor i',
        '/ # [6ngrep ',
        '/ # [6npower',
        '/ # [6nuname',
        'Probing EDD ',
        '[6nfor i in ',
        'c[?7l[2J[0mS',
      ].sort(),
    );
  });

  it('removes real escape sequences', () => {
    const ESC = '\x1b';
    assert.strictEqual(stripTerminalControls(`${ESC}c${ESC}[?7l${ESC}[2J${ESC}[0mSeaBIOS`), 'SeaBIOS');
    assert.strictEqual(stripTerminalControls(`/ # ${ESC}[6nuname -a`), '/ # uname -a');
    assert.strictEqual(stripTerminalControls(`${ESC}[0;32m  OK  ${ESC}[0m] Started ${ESC}[1;39mudev${ESC}[0m.`), '  OK  ] Started udev.');
    assert.strictEqual(stripTerminalControls(`${ESC}[38;5;196mred${ESC}[m ${ESC}[38:2:255:0:0mrgb${ESC}[K`), 'red rgb');
    assert.strictEqual(stripTerminalControls(`${ESC}]0;user@host: ~${ESC}\\prompt$ `), 'prompt$ ');
    assert.strictEqual(stripTerminalControls(`${ESC}]2;title\x07text`), 'text');
    assert.strictEqual(stripTerminalControls(`${ESC}(B${ESC})0plain${ESC}=${ESC}>${ESC}7${ESC}8`), 'plain');
    assert.strictEqual(stripTerminalControls(`${ESC}P1$r0m${ESC}\\after`), 'after');
    assert.strictEqual(stripTerminalControls(`\x9b1mC1 csi\x9b0m`), 'C1 csi');
    assert.strictEqual(stripTerminalControls(`lone ${ESC}`), 'lone ');
  });

  it('removes ESC remnants of colour codes without eating text', () => {
    assert.strictEqual(stripTerminalControls('[0;32m  OK  [0m] Started [1;39mudev[0m.'), '  OK  ] Started udev.');
    assert.strictEqual(stripTerminalControls('[?25lhidden cursor[?25h'), 'hidden cursor');
    assert.strictEqual(stripTerminalControls('[1;32m[common][0m [    0.000000]'), '[common] [    0.000000]');
  });

  it('drops other controls, keeps TAB, applies CR and BS', () => {
    assert.strictEqual(stripTerminalControls('a\x00b\x07c\x7fd\x85e\tf'), 'abcde\tf');
    assert.strictEqual(stripTerminalControls('progress 10%\rprogress 20%'), 'progress 20%');
    assert.strictEqual(stripTerminalControls('abcdef\rXY'), 'XYcdef');
    assert.strictEqual(stripTerminalControls('line\r'), 'line');
    assert.strictEqual(stripTerminalControls('abc\bd'), 'abd');
    assert.strictEqual(stripTerminalControls('\b\bx'), 'x');
  });
});
