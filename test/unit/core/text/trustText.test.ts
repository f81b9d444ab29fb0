// The words of submit consent (core/text/trustText.ts): a job name and a file name are workspace
// text, shown plain and bounded in the modal question, the server pick's title and the CodeLens.
import assert from 'node:assert/strict';
import { LABEL_MAX, NOTIFICATION_MAX, plainLabel, plainNotification } from '../../../../src/core/untrusted/plainForSurface';
import {
  pickServerTitle,
  QUOTED_NAME_MAX,
  quotedName,
  resubmitQuestion,
  submitLensTitle,
  submitQuestion,
  submitQuestionDetail,
} from '../../../../src/core/text/trustText';

/** VS Code's linked-text parser (vs/base/common/linkedText.ts), as notifications use it. */
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
const CODICON = /(?<!\\)\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/;

const HOSTILE_NAMES = [
  '[Trust me](command:workbench.action.quit)',
  '$(check) approved by admin',
  'smoke\nSubmit "other" to production?',
  'RLO\u202eemaN NUL\x00 ESC\x1b]8;;file:///etc\x07',
  'x'.repeat(100_000),
];

describe('trustText: the consent questions', () => {
  it('names the job, the file and the server', () => {
    assert.equal(submitQuestion('smoke-test', 'job.yaml', 'lab'), 'Submit "smoke-test" (job.yaml) to lab?');
    assert.equal(submitQuestion(undefined, 'Untitled-1', 'lab'), 'Submit "Untitled-1" to lab?');
    assert.equal(pickServerTitle('smoke-test', 'job.yaml'), 'Submit "smoke-test" (job.yaml) to which LAVA server?');
    assert.equal(resubmitQuestion('1234', 'lab'), 'Resubmit LAVA job 1234 on lab?');
  });

  it('a hostile job or file name stays on one line, bounded, with no link or codicon once escaped for its surface', () => {
    for (const name of HOSTILE_NAMES) {
      const quoted = quotedName(name);
      assert.ok(quoted.length <= QUOTED_NAME_MAX + 2, `${quoted.length}`);
      assert.doesNotMatch(quoted, /[\n\r]/);
      // eslint-disable-next-line no-control-regex
      assert.doesNotMatch(quoted, /[\x00-\x1f\u202e]/);
      const modal = plainNotification(submitQuestion(name, name, 'lab'));
      assert.equal(modal.match(VSCODE_LINK), null, modal);
      assert.ok(modal.length <= NOTIFICATION_MAX);
      assert.match(modal, / to lab\?$/, 'the server stays named whatever the job name');
      const title = plainLabel(pickServerTitle(name, name));
      assert.doesNotMatch(title, CODICON);
      assert.ok(title.length <= LABEL_MAX);
      assert.match(title, /to which LAVA server\?$/);
    }
  });

  it('a long name is cut, not the question: the server is still named at the end', () => {
    const q = submitQuestion('n'.repeat(5000), 'f'.repeat(5000), 'production-lab');
    assert.ok(q.length < 2 * QUOTED_NAME_MAX + 40, `${q.length}`);
    assert.match(q, /…\) to production-lab\?$/);
  });

  it('says why it asks', () => {
    assert.match(submitQuestionDetail('first'), /remembered for this file/);
    assert.match(submitQuestionDetail('requested'), /remembered for this file/);
    assert.match(submitQuestionDetail('untrusted'), /Restricted Mode/);
  });

  it('the CodeLens names the chosen server; in Restricted Mode (it asks) and with none chosen it ends with "…"', () => {
    assert.equal(submitLensTitle('lab', true), 'Submit to lab');
    assert.equal(submitLensTitle('lab', false), 'Submit to lab…');
    assert.equal(submitLensTitle(undefined, true), 'Submit to LAVA…');
    assert.equal(submitLensTitle(undefined, false), 'Submit to LAVA…');
  });
});
