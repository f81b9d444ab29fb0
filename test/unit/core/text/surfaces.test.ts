// Issue 19, holes 3-5: each surface's text function, one behaviour a test (the hostile table,
// test/unit/hostile/plainText.test.ts, runs every hostile text through all of them).
import assert from 'node:assert/strict';
import { plainUrlPath } from '../../../../src/core/config/inputText';
import { parseJobRef } from '../../../../src/core/config/jobRef';
import { normalizeServerUrl, unnamedServer } from '../../../../src/core/config/servers';
import { ActionTree } from '../../../../src/core/log/actions';
import { symbolDetail, symbolName } from '../../../../src/core/log/folding';
import { ProblemCollector, problemDiagnosticText } from '../../../../src/core/log/problems';
import { flatText, NOTICE_MARK, oneLine, sanitizeLogText } from '../../../../src/core/untrusted/sanitize';
import { displayUrl } from '../../../../src/core/text/messages';
import { LINE_MAX, plainLine, plainStatus } from '../../../../src/core/untrusted/plainForSurface';
import { statusBarView } from '../../../../src/core/text/statusBarText';
import { definitionProblemText, saveStatusText } from '../../../../src/core/text/submitText';
import { rec } from '../log/logFixtures';

describe('surfaces: the text of each place VS Code shows server text', () => {
  describe('sanitizer (one for every surface)', () => {
    const NEW = ['\u00ad', '\u115f', '\u1160', '\u3164', '\uffa0', '\ufe00', '\ufe0f', '\u206a', '\u206f'];
    for (const ch of NEW) {
      const code = ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      it(`makes U+${code} visible in the channel and on one line`, () => {
        assert.equal(sanitizeLogText(`a${ch}b`), `a<U+${code}>b`);
        assert.equal(flatText(`a${ch}b`), `a<U+${code}>b`);
      });
    }
    it('shows a tag character whole on one line, and replaces its first half in the channel', () => {
      assert.equal(flatText('x\u{E0041}y'), 'x<U+E0041>y');
      assert.equal(oneLine('x\u{E007F}', 50), 'x<U+E007F>');
      assert.ok(!sanitizeLogText('x\u{E0041}y').includes('\u{E0041}'));
    });
    it('keeps sanitizeLogText(a + b) === sanitizeLogText(a) + sanitizeLogText(b) wherever a pair is cut', () => {
      const log = 'é\u{E0067}\u{E0062}🚀\u{1F400}\u{E0100}\x1b\n';
      for (let cut = 0; cut <= log.length; cut++) {
        assert.equal(sanitizeLogText(log.slice(0, cut)) + sanitizeLogText(log.slice(cut)), sanitizeLogText(log), `cut at ${cut}`);
      }
      assert.equal(sanitizeLogText('🚀\u{1F400}'), '🚀\u{1F400}', 'other astral characters stay');
    });
  });

  describe('Problems and Outline', () => {
    it('an error record is one plain line in Problems, with its action', () => {
      const tree = new ActionTree();
      const pc = new ProblemCollector(tree);
      const records = [rec('info', 'start: 1 deploy (timeout 00:10:00)'), rec('error', `bad\r\n\u202Eevil\x1b]8;;x\x07 ${NOTICE_MARK}`)];
      records.forEach((r, i) => pc.push(r, i, tree.push(r, i)));
      assert.equal(problemDiagnosticText(pc.problems[0]), 'bad <U+202E>evil␛]8;;x␇ <U+2691> (in 1 deploy)');
    });
    it('a failed test case is one plain line, and a long one is cut', () => {
      const tree = new ActionTree();
      const pc = new ProblemCollector(tree);
      pc.push(rec('results', { definition: 'suite\n', case: 'c\x00', result: 'fail', error_msg: 'x'.repeat(5000) }), 0, undefined);
      const text = problemDiagnosticText(pc.problems[0]);
      assert.ok(text.startsWith('suite /c␀: fail — xxx'), text);
      assert.ok(text.length <= LINE_MAX && text.endsWith('…'));
    });
    it("an action's namespace is plain in the Outline (the log may put anything but `]` there)", () => {
      const tree = new ActionTree();
      tree.push(rec('info', 'start: 1 deploy (timeout 00:10:00) [ns\u202E\x1b\u{E0041}]'), 0);
      assert.equal(symbolName(tree.all[0]), '1 deploy');
      assert.equal(symbolDetail(tree.all[0]), 'running · timeout 00:10:00 · ns<U+202E>␛<U+E0041>');
    });
    it('a definition problem is one plain line, the guess said', () => {
      assert.equal(definitionProblemText({ message: 'a\nb\u202E', located: 'path' }), 'a b<U+202E>');
      assert.equal(definitionProblemText({ message: 'm', located: 'guess' }), 'm (place guessed: the server named no path)');
      assert.equal(plainLine('a\tb'), 'a b');
    });
  });

  describe('status bar', () => {
    it('a MultiNode member id is no codicon in the reconnecting status (text and tooltip)', () => {
      const view = statusBarView(
        [{ jobId: '12.$(bug)', serverName: 'lab', reconnecting: { reason: 'r $(x)', transient: true } }],
        undefined,
        0,
      )!;
      assert.equal(view.text, '$(debug-disconnect) LAVA 12.\\$(bug) reconnecting…');
      assert.ok(!/(^|[^\\])\$\((bug|x)/.test(view.tooltip), view.tooltip);
    });
    it('validate-on-save and cancel messages are no codicon and no link', () => {
      assert.equal(saveStatusText('job.yaml: $(bug) [x](command:y)'), 'LAVA: job.yaml: \\$(bug) [x] (command: y)');
      assert.equal(saveStatusText('LAVA said\nso'), 'LAVA said so');
      assert.equal(plainStatus('Job $(error) canceled'), 'Job \\$(error) canceled');
    });
  });

  describe('pasted URLs', () => {
    it('plainUrlPath encodes what could make a link or an icon, and keeps what a path needs', () => {
      assert.equal(plainUrlPath('/a](command:x)$(b)[c]'), '/a%5D%28command:x%29%24%28b%29%5Bc%5D');
      assert.equal(plainUrlPath("/lava-server/a_b.c~d-e!&'*+,;=:@%20"), "/lava-server/a_b.c~d-e!&'*+,;=:@%20");
    });
    it("a job URL's server and its unnamed name hold no [ ] ( )", () => {
      const ref = parseJobRef('https://h/x](command:evil)/scheduler/job/4');
      assert.ok(ref.ok);
      assert.equal(ref.ok && ref.ref.serverUrl, 'https://h/x%5D%28command:evil%29');
      assert.equal(unnamedServer('https://h/a(b)').name, 'h/a%28b%29');
    });
    it('a server URL and its note hold no [ ] ( ); displayUrl drops credentials and encodes', () => {
      const check = normalizeServerUrl('https://h/p[1](command:x)?q=1');
      assert.ok(check.ok);
      assert.equal(check.ok && check.url, 'https://h/p%5B1%5D%28command:x%29');
      assert.equal(displayUrl('https://u:p@h/a(b)'), 'https://h/a%28b%29');
      assert.equal(displayUrl('https://h/x?y=[z](w)'), 'https://h/x?y=%5Bz%5D%28w%29');
    });
  });
});
