import * as assert from 'node:assert/strict';
import { LavaError } from '../../../../src/core/net/errors';
import {
  definitionRefusalText,
  groupEndMessage,
  offersResubmit,
  submittedText,
  submitRefusedText,
} from '../../../../src/core/text/submitText';

describe('submitText', () => {
  it('a refused definition says nothing typed is lost', () => {
    assert.equal(
      submitRefusedText('real', "extra keys not allowed @ data['foo']", true),
      "real refused the job definition: extra keys not allowed @ data['foo'] (marked in Problems). Your definition is unchanged.",
    );
    assert.equal(definitionRefusalText('empty', 'submit'), 'Nothing to submit: the editor is empty.');
    assert.match(definitionRefusalText('yaml', 'validate', 'line 3'), /not valid YAML \(line 3\): nothing was sent/);
  });

  it('submitted: one job, a MultiNode job with roles, a sub-job not resolved', () => {
    assert.equal(submittedText([{ id: '9' }], 'real'), 'Submitted to real: LAVA job 9, followed.');
    assert.equal(
      submittedText(
        [
          { id: '12', subId: '12.0', role: 'server' },
          { id: '13', subId: '12.1', role: 'client' },
        ],
        'real',
      ),
      'Submitted to real: MultiNode job 12, following server (job 12), client (job 13).',
    );
    assert.equal(submittedText([{ id: '15' }], 'real', '9'), 'Resubmitted LAVA job 9 on real: LAVA job 15, followed.');
    assert.match(
      submittedText(
        [
          { id: '12', subId: '12.0', role: 'server' },
          { id: '12.1', subId: '12.1', unresolved: 'no job with sub_id 1 is visible' },
        ],
        'real',
      ),
      /following server \(job 12\)\. Not followed: 12\.1 \(no job with sub_id 1 is visible\)$/,
    );
  });

  it("one notification for a MultiNode group: each role's health, the worst severity", () => {
    const complete = { kind: 'finished' as const, outcome: { health: 'Complete' as const } };
    const ok = groupEndMessage('12', [
      { id: '12', role: 'server', end: complete },
      { id: '13', role: 'client', end: complete },
    ]);
    assert.deepEqual(ok, { severity: 'information', text: 'LAVA MultiNode job 12: server (12) Complete, client (13) Complete' });
    const bad = groupEndMessage('12', [
      { id: '12', role: 'server', end: { kind: 'finished', outcome: { health: 'Canceled' } } },
      { id: '13', role: 'client', end: { kind: 'finished', outcome: { health: 'Incomplete', reason: 'boot failed' } } },
    ]);
    assert.deepEqual(bad, { severity: 'error', text: 'LAVA MultiNode job 12: server (12) Canceled, client (13) Incomplete — boot failed' });
    const failed = groupEndMessage('12', [{ id: '12', end: { kind: 'failed', error: new LavaError('network', 'down') } }]);
    assert.equal(failed?.severity, 'warning');
    assert.equal(groupEndMessage('12', [{ id: '12', end: { kind: 'stopped' } }]), undefined);
  });

  it('Resubmit is offered for a job that did not complete', () => {
    assert.ok(offersResubmit({ kind: 'finished', outcome: { health: 'Incomplete' } }));
    assert.ok(offersResubmit({ kind: 'finished', outcome: { health: 'Canceled' } }));
    assert.ok(!offersResubmit({ kind: 'finished', outcome: { health: 'Complete' } }));
    assert.ok(!offersResubmit({ kind: 'finished' }));
    assert.ok(!offersResubmit({ kind: 'stopped' }));
  });
});
