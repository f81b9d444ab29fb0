// The status bar's words for followed jobs, without VS Code.
import * as assert from 'node:assert/strict';
import { END_SHOWN_MS, EndNote, statusBarView } from '../../../../src/core/text/statusBarText';

const NOW = 1_000_000;
const one = [{ jobId: '1234', serverName: 'lava' }];
const three = [...one, { jobId: '1235', serverName: 'lava' }, { jobId: '7', serverName: 'other' }];
const ended = (over: Partial<EndNote> = {}): EndNote => ({
  jobId: '1234',
  serverName: 'lava',
  kind: 'finished',
  health: 'Complete',
  at: NOW - 1000,
  ...over,
});

describe('status bar text', () => {
  it('is hidden while nothing is followed', () => {
    assert.equal(statusBarView([], undefined, NOW), undefined);
  });

  it('names the one followed job, or counts several, with a spinning icon', () => {
    const single = statusBarView(one, undefined, NOW);
    assert.equal(single?.text, '$(sync~spin) LAVA 1234');
    assert.match(single?.tooltip ?? '', /^Following LAVA job 1234 on lava\./);
    const many = statusBarView(three, undefined, NOW);
    assert.equal(many?.text, '$(sync~spin) LAVA: 3 jobs');
    assert.match(many?.tooltip ?? '', /Following 3 LAVA jobs: 1234 \(lava\), 1235 \(lava\), 7 \(other\)\./);
    assert.equal(many?.severity, 'normal');
  });

  it('shows the health of a job that just finished, with its icon and colour', () => {
    assert.deepEqual(
      [statusBarView([], ended(), NOW)?.text, statusBarView([], ended(), NOW)?.severity],
      ['$(pass) LAVA 1234 Complete', 'normal'],
    );
    const incomplete = statusBarView([], ended({ health: 'Incomplete' }), NOW);
    assert.deepEqual([incomplete?.text, incomplete?.severity], ['$(error) LAVA 1234 Incomplete', 'error']);
    const canceled = statusBarView([], ended({ health: 'Canceled' }), NOW);
    assert.deepEqual([canceled?.text, canceled?.severity], ['$(circle-slash) LAVA 1234 Canceled', 'warning']);
    assert.equal(statusBarView([], ended({ health: undefined }), NOW)?.text, '$(check) LAVA 1234 finished', 'log-tail: no health');
    assert.equal(statusBarView([], ended({ kind: 'failed', health: undefined }), NOW)?.text, '$(warning) LAVA 1234 follow failed');
  });

  it('shows a job id as text, never as a codicon', () => {
    assert.equal(statusBarView([{ jobId: '$(alert)', serverName: 'lava' }], undefined, NOW)?.text, '$(sync~spin) LAVA \\$(alert)');
    assert.equal(statusBarView([], ended({ jobId: '$(x)\n1' }), NOW)?.text, '$(pass) LAVA \\$(x) 1 Complete');
  });

  it('shows the end for a while even when other jobs are still followed, then goes back to them', () => {
    const others = three.slice(1);
    const during = statusBarView(others, ended(), NOW);
    assert.equal(during?.text, '$(pass) LAVA 1234 Complete');
    assert.match(during?.tooltip ?? '', /Still following: 2 LAVA jobs.*\nClick to show the followed jobs\.$/s);
    assert.match(statusBarView([], ended(), NOW)?.tooltip ?? '', /^LAVA job 1234 on lava: Complete\.\nClick to show its log\.$/);
    assert.equal(statusBarView(others, ended(), NOW - 1000 + END_SHOWN_MS)?.text, '$(sync~spin) LAVA: 2 jobs');
    assert.equal(statusBarView([], ended(), NOW - 1000 + END_SHOWN_MS), undefined);
    assert.ok(END_SHOWN_MS >= 5000 && END_SHOWN_MS <= 15000);
  });

  it('tells when a shown end goes out of date, however early the redraw comes (timers may fire 1 ms early)', () => {
    const others = three.slice(1);
    const end = ended();
    assert.equal(statusBarView(others, end, NOW)?.redrawAt, end.at + END_SHOWN_MS);
    const early = statusBarView(others, end, end.at + END_SHOWN_MS - 1);
    assert.deepEqual([early?.text, early?.redrawAt], ['$(pass) LAVA 1234 Complete', end.at + END_SHOWN_MS]);
    const after = statusBarView(others, end, end.at + END_SHOWN_MS);
    assert.deepEqual([after?.text, after?.redrawAt], ['$(sync~spin) LAVA: 2 jobs', undefined]);
    assert.equal(statusBarView(one, undefined, NOW)?.redrawAt, undefined, 'a followed job is redrawn by its events');
  });
});

describe('status bar text while reconnecting', () => {
  it('shows a job whose server is away as reconnecting, with the reason in the tooltip', () => {
    const view = statusBarView(
      [{ ...one[0], reconnecting: { reason: 'Cannot reach http://lava: ECONNREFUSED.', transient: true } }],
      undefined,
      NOW,
    );
    assert.equal(view?.text, '$(debug-disconnect) LAVA 1234 reconnecting…');
    assert.match(
      view?.tooltip ?? '',
      /LAVA job 1234 on lava: the server cannot be reached, reconnecting\. Cannot reach http:\/\/lava: ECONNREFUSED\./,
    );
    assert.equal(view?.severity, 'warning');
  });

  it('tells an answer that is not LAVA apart from a server that is away, and counts among several jobs', () => {
    const odd = statusBarView([{ ...one[0], reconnecting: { reason: 'HTML page', transient: false } }], undefined, NOW);
    assert.equal(odd?.text, '$(warning) LAVA 1234 retrying…');
    assert.match(odd?.tooltip ?? '', /the answer is not LAVA's, retrying\. HTML page/);
    const many = statusBarView([three[0], { ...three[1], reconnecting: { reason: 'down', transient: true } }, three[2]], undefined, NOW);
    assert.equal(many?.text, '$(debug-disconnect) LAVA: 3 jobs, 1 reconnecting…');
    assert.match(many?.tooltip ?? '', /LAVA job 1235 on lava: .*down\nFollowing 3 LAVA jobs/);
  });
});
