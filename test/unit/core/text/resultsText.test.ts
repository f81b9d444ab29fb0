import assert from 'node:assert/strict';
import { formatTestResults, resultCountsText } from '../../../../src/core/text/resultsText';

describe('results text', () => {
  it('words counts in a fixed order', () => {
    assert.equal(resultCountsText({ fail: 1, skip: 2, pass: 12 }), '12 passed, 1 failed, 2 skipped');
    assert.equal(formatTestResults('T', []), '# T\n\nNo test results.\n');
  });

  it('says when only part of the list was read', () => {
    const text = formatTestResults('T', [{ suite: 's', name: 'a', result: 'pass' }], false);
    assert.match(text, /Only the first 1 test cases were read/);
  });
});
