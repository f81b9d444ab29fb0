// The escapers that keep a server's text from becoming markup (core/untrusted/plainForSurface.ts).
import assert from 'node:assert/strict';
import { LABEL_MAX, markdownText, NOTIFICATION_MAX, plainLabel, plainNotification } from '../../../../src/core/untrusted/plainForSurface';

/** VS Code's linked-text parser (vs/base/common/linkedText.ts), as notifications use it. */
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
/** VS Code's codicon syntax in labels (an escaped `\$(` is shown as text). */
const CODICON = /(?<!\\)\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/;

const HOSTILE = [
  '[x](command:workbench.action.quit)',
  '[Open](https://evil.example/x "title")',
  '[f](file:///etc/passwd)',
  '![img](https://evil/x.png)',
  '<img src=x onerror=alert(1)>',
  '$(alert) $(sync~spin)',
  'line 1\nline 2\r\n\u2028line 3',
  '[x]\n(command:workbench.action.quit)',
  '[a](command:x)[b](https://y)',
  'NUL\x00 ESC\x1b[31m BEL\x07 RLO\u202e ZWSP\u200b',
];

describe('plain text escapers', () => {
  it('plainNotification: no link VS Code would render, one line, readable', () => {
    for (const text of HOSTILE) {
      const shown = plainNotification(text);
      assert.equal(shown.match(VSCODE_LINK), null, `${JSON.stringify(text)} -> ${JSON.stringify(shown)}`);
      assert.doesNotMatch(shown, /[\n\r\u2028\u2029]/);
      // eslint-disable-next-line no-control-regex
      assert.doesNotMatch(shown, /[\x00-\x1f\x7f-\x9f\u202e\u200b]/);
    }
    assert.equal(plainNotification('[x](command:workbench.action.quit)'), '[x] (command: workbench.action.quit)');
    assert.equal(plainNotification('see command:workbench.action.quit or FILE:///x'), 'see command: workbench.action.quit or FILE: ///x');
    assert.equal(
      plainNotification('Job 2 Incomplete — Infrastructure\n  error: timed out'),
      'Job 2 Incomplete — Infrastructure error: timed out',
    );
    assert.equal(plainNotification('ESC\x1b[0m'), 'ESC\u241b[0m');
    // Plain prose and URLs stay as they are.
    assert.equal(
      plainNotification('LAVA job 12 Complete — 3 passed (see https://lava/x)'),
      'LAVA job 12 Complete — 3 passed (see https://lava/x)',
    );
  });

  it('plainNotification: bounds 10 kB of text, never between the halves of a character', () => {
    const shown = plainNotification('x'.repeat(10_000));
    assert.equal(shown.length, NOTIFICATION_MAX);
    assert.ok(shown.endsWith('…'));
    const emoji = plainNotification('a' + '🚀'.repeat(5_000));
    assert.ok(emoji.length <= NOTIFICATION_MAX);
    assert.ok(!/[\ud800-\udbff]…$/.test(emoji));
    assert.equal(plainNotification('[x](command:y)'.repeat(1000)).match(VSCODE_LINK), null);
  });

  it('plainLabel: no codicon, one line, bounded', () => {
    assert.equal(plainLabel('$(alert) boot $(sync~spin)'), '\\$(alert) boot \\$(sync~spin)');
    for (const text of HOSTILE) assert.doesNotMatch(plainLabel(text), CODICON, text);
    assert.equal(plainLabel('a\nb\tc\x07'), 'a b c\u2407');
    assert.equal(plainLabel('x'.repeat(10_000)).length, LABEL_MAX);
    // A cut never leaves a `$(` unescaped.
    for (let n = 0; n < 10; n++) assert.doesNotMatch(plainLabel('y'.repeat(n) + '$(alert)'.repeat(500)), CODICON);
    assert.equal(plainLabel('qemu01 · alice'), 'qemu01 · alice');
  });

  it('markdownText: no link, image, HTML, autolink, emphasis, code, math or cell break', () => {
    assert.equal(markdownText('[x](command:workbench.action.quit)'), '\\[x\\]\\(command\\:workbench\\.action\\.quit\\)');
    assert.equal(markdownText('![img](https://evil/x.png)'), '\\!\\[img\\]\\(https\\://evil/x\\.png\\)');
    assert.equal(markdownText('<img src=x onerror=alert(1)>'), '&lt;img src=x onerror=alert\\(1\\)&gt;');
    assert.equal(markdownText('<https://evil> www.evil.com &amp;'), '&lt;https\\://evil&gt; www\\.evil\\.com &amp;amp;');
    assert.equal(markdownText('*a* _b_ `c` ~~d~~ $e$ | # \\'), '\\*a\\* \\_b\\_ \\`c\\` \\~\\~d\\~\\~ \\$e\\$ \\| \\# \\\\');
    assert.equal(markdownText('line 1\n# line 2\r\n- line 3'), 'line 1 \\# line 2 - line 3');
    // Readable where nothing can happen: intra-word `_`, `-`, `+`, `=`.
    assert.equal(markdownText('0_smoke-tests linux_boot+x=1 _lead trail_'), '0_smoke-tests linux_boot+x=1 \\_lead trail\\_');
    assert.equal(markdownText('$(alert)'), '\\$\\(alert\\)');
    const big = markdownText('<'.repeat(10_000));
    assert.equal(big, '&lt;'.repeat(10_000));
  });
});
