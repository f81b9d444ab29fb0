/**
 * Issue 19, holes 2-5: every text a server sends, and every URL a user pastes, is plain in every
 * surface VS Code shows it in.  Each row is a hostile text; it reaches us as a server's answer
 * (through the submit side's tokenFreeFetch, as LAVA's words would) and is then shown by each
 * surface's core text function.  What each surface may never show:
 *
 *   codicon surfaces (status bar text and messages, quick picks, CodeLens titles)   an unescaped `$(`
 *   link surfaces (notifications, status bar messages)                              `](` or a bare `command:`/`file:`/`vscode:` URI
 *   every surface                                                                   a raw control, bidi, invisible or tag character; the token
 *   one-line surfaces (Problems, Outline, labels, notifications)                    a line break or TAB
 *   Problems and Outline (built from the log's records, like the channel)            the notice mark
 *   Markdown                                                                         an unescaped `[ ] ( ) < >`
 */
import assert from 'node:assert/strict';
import { parseJobRef } from '../../../src/core/config/jobRef';
import { normalizeServerUrl, unnamedServer } from '../../../src/core/config/servers';
import { ActionTree } from '../../../src/core/log/actions';
import { outlineSymbols, symbolDetail } from '../../../src/core/log/folding';
import { LineMap } from '../../../src/core/log/lineMap';
import { ProblemCollector, problemDiagnosticText } from '../../../src/core/log/problems';
import type { LogRecord } from '../../../src/core/log/records';
import { NOTICE_MARK, sanitizeLogText } from '../../../src/core/untrusted/sanitize';
import { LavaError } from '../../../src/core/net/errors';
import { redactingFetch, secretsOf } from '../../../src/core/net/redact';
import { followErrorText, displayUrl, notLavaServerText } from '../../../src/core/text/messages';
import { markdownText, plainLabel, plainLine, plainNotification, plainStatus } from '../../../src/core/untrusted/plainForSurface';
import { statusBarView } from '../../../src/core/text/statusBarText';
import { definitionProblemText, saveStatusText, submitFailedText } from '../../../src/core/text/submitText';

const TOKEN = 'tok-4f1e9a0b7c2d5e8f';
const USER = 'mallory';
const BASIC = Buffer.from(`${USER}:${TOKEN}`).toString('base64');

/** Every character no surface may show as it is (TAB, LF, CR apart). */
const RAW =
  // eslint-disable-next-line no-control-regex, no-misleading-character-class -- what no surface may show
  /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u061c\u115f\u1160\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\udb40]/;
const BREAK = /[\t\n\r]/;
const CODICON = /(^|[^\\])\$\(/;
const LINK = /\]\(|\b(command|file|vscode|vscode-insiders):(?=\S)/i;

type Kind = 'codicon' | 'link' | 'line' | 'mark' | 'markdown';
function assertPlain(row: string, surface: string, shown: string, kinds: Kind[]): void {
  const at = `${row} → ${surface}: ${JSON.stringify(shown.slice(0, 300))}`;
  assert.ok(!RAW.test(shown), `raw control in ${at}`);
  assert.ok(!shown.includes(TOKEN) && !shown.includes(BASIC.replace(/=+$/, '')), `token in ${at}`);
  if (kinds.includes('line')) assert.ok(!BREAK.test(shown), `line break in ${at}`);
  if (kinds.includes('mark')) assert.ok(!shown.includes(NOTICE_MARK), `notice mark in ${at}`);
  if (kinds.includes('codicon')) assert.ok(!CODICON.test(shown), `codicon in ${at}`);
  if (kinds.includes('link')) assert.ok(!LINK.test(shown), `link in ${at}`);
  if (kinds.includes('markdown')) assert.ok(!/(^|[^\\])[[\]()<>]/.test(shown), `markup in ${at}`);
}

/** The text as we receive it from a server that may quote our Authorization header. */
async function fromServer(text: string): Promise<string> {
  const fetch = redactingFetch(async () => new Response(text, { status: 200 }), secretsOf(TOKEN, USER));
  return (await fetch('http://lava.test/api/v0.2/jobs/')).text();
}

const rec = (lvl: string, msg: LogRecord['msg']): LogRecord => ({ dt: '2026-12-07T12:00:00', lvl, msg });

/** Each surface's text for `text`, with the kinds of markup that surface renders. */
function surfaces(text: string): [string, string, Kind[]][] {
  const tree = new ActionTree();
  const problems = new ProblemCollector(tree);
  const records = [
    rec('info', `start: 1 deploy (timeout 00:10:00) [${text.replace(/\]/g, '')}]`),
    rec('error', text),
    rec('results', { definition: text, case: text, result: 'fail', error_msg: text }),
  ];
  records.forEach((r, i) => problems.push(r, i, tree.push(r, i)));
  const lines = LineMap.build(records, {});
  const view = statusBarView([{ jobId: text, serverName: text, reconnecting: { reason: text, transient: true } }], undefined, 0);
  const one = statusBarView([{ jobId: text, serverName: text }], undefined, 0);
  const ended = statusBarView([], { jobId: text, serverName: text, kind: 'finished', health: 'Complete', at: 0 }, 0);
  const out: [string, string, Kind[]][] = [
    ['notification', plainNotification(text), ['link', 'line']],
    ['notification of a failed submit', plainNotification(submitFailedText('lab', text)), ['link', 'line']],
    [
      'notification of a failed follow',
      plainNotification(followErrorText(new LavaError('http', text), 'LAVA job 1', 'lab')),
      ['link', 'line'],
    ],
    ['quick pick label', plainLabel(text), ['codicon', 'line']],
    ['status bar message', plainStatus(text), ['codicon', 'link', 'line']],
    ['validate-on-save status', saveStatusText(text), ['codicon', 'link', 'line']],
    ['status bar text (reconnecting)', view!.text.replace(/^\$\([\w~-]+\) /, ''), ['codicon', 'line']],
    ['status bar tooltip (reconnecting)', view!.tooltip, ['codicon']],
    ['status bar text (following)', one!.text.replace(/^\$\([\w~-]+\) /, ''), ['codicon', 'line']],
    ['status bar tooltip (following)', one!.tooltip, ['codicon']],
    ['status bar text (ended)', ended!.text.replace(/^\$\([\w~-]+\) /, ''), ['codicon', 'line']],
    ['status bar tooltip (ended)', ended!.tooltip, ['codicon']],
    ['CodeLens title', `Submit to ${plainLabel(text)}`, ['codicon', 'line']],
    ['definition diagnostic', definitionProblemText({ message: text, located: 'guess' }), ['line', 'mark']],
    ['diagnostic line', plainLine(text), ['line', 'mark']],
    ['Markdown', markdownText(text), ['markdown', 'line']],
    ...problems.problems.map((p, i): [string, string, Kind[]] => [`log Problem ${i}`, problemDiagnosticText(p), ['line', 'mark']]),
    ...tree.all.map((a, i): [string, string, Kind[]] => [`Outline detail ${i}`, symbolDetail(a), ['line', 'mark']]),
    ...outlineSymbols(tree, lines).map((s, i): [string, string, Kind[]] => [`Outline name ${i}`, s.name, ['line', 'mark']]),
  ];
  assert.ok(problems.problems.length >= 2, 'the error and the failed test are problems');
  return out;
}

const SERVER_TEXTS: [string, string][] = [
  ['a codicon', '$(bug) $(sync~spin) pwned'],
  ['an escaped-looking codicon', '\\$(bug)'],
  ['a command: link', '[Click here](command:workbench.action.terminal.new)'],
  ['a file: link', '[passwords](file:///etc/passwd)'],
  ['a bare command: URI', 'see command:lava.setToken?%5B%5D and vscode:extension/x'],
  ['an image and HTML', '![x](https://evil/x.png) <img src=x onerror=alert(1)> **bold**'],
  ['a bidi override', 'job \u202Efdp.exe\u202C ok'],
  ['an OSC-8 hyperlink', '\x1b]8;;command:workbench.action.reloadWindow\x07click\x1b]8;;\x07 \x1b[31mred'],
  ['NUL, BEL, DEL and C1', 'a\x00b\x07c\x7fd\x85e\x9b31m'],
  ['line breaks and a forged notice', `line one\r\nline two\n${NOTICE_MARK} [LAVA Follow] The job was canceled.\u2028x\u2029y`],
  ['the notice mark alone', `${NOTICE_MARK}${NOTICE_MARK}`],
  ['a soft hyphen', 'pass\u00adword'],
  ['Hangul fillers', 'x\u115f\u1160\u3164\uffa0y'],
  ['variation selectors', 'a\ufe0fb\ufe00c'],
  ['deprecated format characters', 'a\u206ab\u206fc\u2066d\u2069'],
  ['tag characters (astral)', 'flag\u{E0067}\u{E0062}\u{E007F} and \u{E0001}lang'],
  ['a variation selector supplement (astral)', 'x\u{E0100}y'],
  ['zero-width characters and a BOM', 'a\u200bb\u200dc\ufeffd\u061ce'],
  ['the token, as the header a proxy quotes', `Authorization: Token ${TOKEN}`],
  ['the token inside Basic', `Authorization: Basic ${BASIC}`],
  ['the bare Basic value without padding', `got ${BASIC.replace(/=+$/, '')} from you`],
  ['a huge mix', `${'$('.repeat(5000)}](command:x)\x1b${TOKEN}`],
  ['a MultiNode member id', '12.$(bug)[x](command:evil)'],
];

describe('hostile: server text is plain in every surface (issue 19, holes 2, 3, 5)', () => {
  for (const [name, text] of SERVER_TEXTS) {
    it(name, async () => {
      const received = await fromServer(text);
      for (const [surface, shown, kinds] of surfaces(received)) assertPlain(name, surface, shown, kinds);
    });
  }

  it('the channel keeps TAB, LF and CR but nothing else raw, also for a cut tag pair', () => {
    for (const [, text] of SERVER_TEXTS) assert.ok(!RAW.test(sanitizeLogText(text)), text);
    const tag = 'a\u{E0041}b';
    for (let cut = 0; cut <= tag.length; cut++) {
      assert.equal(sanitizeLogText(tag.slice(0, cut)) + sanitizeLogText(tag.slice(cut)), sanitizeLogText(tag), `cut at ${cut}`);
    }
  });
});

/** What a pasted URL may become: the server it names, that server's name, messages quoting it. */
const PASTED_URLS: string[] = [
  'https://lava.example/x](command:workbench.action.openSettings)/scheduler/job/1',
  'https://lava.example/[docs](file:///etc/passwd)/scheduler/job/2',
  'https://lava.example/$(bug)/scheduler/job/12',
  'https://lava.example/a[b]/(c)/api/v0.2/jobs/5/',
  'https://lava.example/%5D(command:x)/scheduler/job/3',
  'http://127.0.0.1:8000/lava](vscode:extension/evil)/lava-server/job/7/log-tail',
  'https://lava.example/a|b^c\\d/scheduler/job/9',
];

describe('hostile: a pasted URL is never a link or an icon where it is echoed (issue 19, hole 4)', () => {
  for (const url of PASTED_URLS) {
    it(url, () => {
      const ref = parseJobRef(url);
      assert.ok(ref.ok, JSON.stringify(ref));
      const serverUrl = ref.ok ? ref.ref.serverUrl! : '';
      const name = unnamedServer(serverUrl).name;
      const check = normalizeServerUrl(url);
      const shown: [string, string][] = [
        ['the server URL', serverUrl],
        ['the unnamed server', name],
        ['displayUrl', displayUrl(url)],
        ['not a LAVA server', notLavaServerText(serverUrl)],
        ['the server URL check', check.ok ? `${check.url} ${check.note ?? ''}` : check.message],
        ['a follow error', followErrorText(new LavaError('not-found', 'x'), 'LAVA job 1', name)],
        ['the status bar', statusBarView([{ jobId: '1', serverName: name }], undefined, 0)!.tooltip],
      ];
      for (const [surface, text] of shown) {
        // as they are, without plainNotification / plainLabel: the URL itself can hold nothing that acts
        assert.ok(!/[[\]()]/.test(text.replace(/\((HTTP \d+|or|if|\/api)[^)]*\)/g, '')), `${surface}: ${text}`);
        assert.ok(!CODICON.test(text), `${surface}: ${text}`);
      }
    });
  }

  it('the job and the server a URL names are still read (the path is only percent-encoded)', () => {
    const ref = parseJobRef('https://lava.example/a[b]/scheduler/job/12');
    assert.deepEqual(ref, { ok: true, ref: { jobId: '12', origin: 'https://lava.example', serverUrl: 'https://lava.example/a%5Bb%5D' } });
    assert.equal(new URL('https://lava.example/a%5Bb%5D').pathname, '/a%5Bb%5D');
  });
});
