import assert from 'node:assert/strict';
import { isUriParts, jobOfDocument } from '../../../../src/core/document/documentJob';
import { jobLogUri } from '../../../../src/core/document/jobLogUri';

describe('documentJob: the job a document shows, for its editor menus', () => {
  const channels = [
    { key: 'https://lava.example.org#12', name: 'LAVA job 12' },
    { key: 'https://lava.example.org#123', name: 'LAVA job 123' },
    { key: 'https://other.example.org#12', name: 'LAVA job 12 (other)' },
  ];
  const output = (name: string) => ({ scheme: 'output', path: `extension-output-lava-follow.lava-follow-#3-${name}`, query: '' });

  const rows: [string, { scheme: string; path: string; query: string }, string | undefined][] = [
    [
      'a job log document: its URI names the job',
      jobLogUri({ serverUrl: 'https://lava.example.org', jobId: '77' }),
      'https://lava.example.org 77',
    ],
    ['a job channel: known by its name', output('LAVA job 12'), 'https://lava.example.org 12'],
    ['a name that ends another one: the longer, exact one', output('LAVA job 123'), 'https://lava.example.org 123'],
    ['a channel named with its server', output('LAVA job 12 (other)'), 'https://other.example.org 12'],
    ['a channel that is not ours (or closed)', output('LAVA job 9'), undefined],
    ['another extension channel', output('Git'), undefined],
    ['a file', { scheme: 'file', path: '/work/LAVA job 12', query: '' }, undefined],
    ['a malformed job log URI', { scheme: 'lava-log', path: '/LAVA job 1.lava-log', query: 'server=javascript:x&job=1' }, undefined],
  ];
  for (const [name, uri, want] of rows) {
    it(`${name} → ${want ?? 'none'}`, () => {
      const job = jobOfDocument(uri, channels);
      assert.equal(job && `${job.serverUrl} ${job.jobId}`, want);
    });
  }

  it('a channel key that is not a job key names no job', () => {
    assert.equal(jobOfDocument(output('LAVA job 5'), [{ key: 'garbage', name: 'LAVA job 5' }]), undefined);
  });

  it('isUriParts: a URI-like object only (a menu may pass other arguments)', () => {
    assert.equal(isUriParts({ scheme: 'file', path: '/a', query: '' }), true);
    assert.equal(isUriParts('https://lava.example.org'), false);
    assert.equal(isUriParts(undefined), false);
    assert.equal(isUriParts({ groupId: 1 }), false);
  });
});
