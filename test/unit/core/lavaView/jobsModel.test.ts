// The Jobs view's model: sections as LAVA REST queries, pages, events moving jobs, filters, plain text.
import * as assert from 'node:assert/strict';
import { JobEvent } from '../../../../src/core/events/lavaEvent';
import { describeFilter } from '../../../../src/core/lavaView/jobFilter';
import { JobNode, JobsModel, PAGE_SIZE, sectionQuery } from '../../../../src/core/lavaView/jobsModel';
import { presentJobNode } from '../../../../src/core/lavaView/presentation';
import { jobListUrl, JobSummary } from '../../../../src/core/protocols/rest/jobList';

const URL_A = 'https://lava.example.org';
const NOW = Date.parse('2024-01-31T12:00:00Z');

function job(id: string, over: Partial<JobSummary> = {}): JobSummary {
  return {
    id,
    description: `job ${id}`,
    submitter: 'alice',
    state: 'Running',
    health: 'Unknown',
    requestedDeviceType: 'qemu',
    actualDevice: 'qemu01',
    submitTime: NOW - 600_000,
    startTime: NOW - 300_000,
    endTime: null,
    ...over,
  };
}

function event(id: string, over: Partial<JobEvent> = {}): JobEvent {
  return {
    kind: 'job',
    job: id,
    state: 'Running',
    health: 'Unknown',
    description: `job ${id}`,
    submitter: 'alice',
    at: '2024-01-31T12:00:00.000000',
    deviceType: 'qemu',
    device: 'qemu01',
    ...over,
  };
}

function model(): JobsModel {
  const m = new JobsModel(() => NOW);
  m.setServers([{ name: 'A', url: URL_A }]);
  m.setMe(URL_A, 'alice');
  for (const section of ['running', 'queued', 'recent', 'mine'] as const) m.setPage(URL_A, section, { count: 0, next: null, jobs: [] });
  return m;
}

const ids = (m: JobsModel, section: 'running' | 'queued' | 'recent' | 'mine') =>
  m.children({ kind: 'section', serverUrl: URL_A, section }).map((n) => (n.kind === 'job' ? n.jobId : n.kind));

describe('LAVA view: the jobs model', () => {
  it('asks each section with LAVA REST filter names (checked on LAVA 2023.01: lava_rest_app/filters.py)', () => {
    const filter = { deviceType: 'qemu', descriptionContains: 'smoke', submitter: 'bob', sinceHours: 24, health: 'Incomplete' as const };
    const url = (s: 'running' | 'queued' | 'recent' | 'mine', me?: string) => {
      const q = sectionQuery(s, filter, me, 0, NOW);
      return q && jobListUrl(URL_A, q);
    };
    assert.equal(
      url('running'),
      `${URL_A}/api/v0.2/jobs/?state__in=Scheduling%2CScheduled%2CRunning%2CCanceling&health=Incomplete&submitter__username=bob` +
        '&requested_device_type__name=qemu&description__icontains=smoke&submit_time__gt=2024-01-30T12%3A00%3A00.000Z&ordering=-id&limit=50',
    );
    assert.match(url('queued')!, /[?&]state=Submitted&.*ordering=submit_time/);
    assert.match(url('recent')!, /[?&]state=Finished&.*ordering=-end_time/);
    assert.equal(url('mine', 'alice'), undefined, 'a filter on another submitter leaves Mine empty, without a request');
    assert.equal(sectionQuery('running', { state: 'Finished' }, undefined, 0, NOW), undefined);
    assert.equal(sectionQuery('recent', {}, undefined, 100, NOW)?.offset, 100);
  });

  it('moves a job between sections as its events come: Queued → Running → Recent, counts following', () => {
    const m = model();
    m.applyEvent(URL_A, event('7', { state: 'Submitted', device: undefined, submitTime: '2024-01-31T11:50:00.000000' }));
    assert.deepEqual(ids(m, 'queued'), ['7']);
    assert.deepEqual(m.counts(), { running: 0, queued: 1 });
    m.applyEvent(URL_A, event('7', { state: 'Running', startTime: '2024-01-31T11:55:00' }));
    assert.deepEqual([ids(m, 'queued'), ids(m, 'running'), ids(m, 'mine')], [[], ['7'], ['7']]);
    assert.deepEqual(m.counts(), { running: 1, queued: 0 });
    const node: JobNode = { kind: 'job', serverUrl: URL_A, section: 'running', jobId: '7' };
    assert.equal(presentJobNode(m, node, NOW).description, 'qemu01 · 5 min');
    // Silent for lava.quietMinutes: marked, the rest as it is.
    const quiet = presentJobNode(m, node, NOW, true);
    assert.equal(quiet.description, 'quiet · qemu01 · 5 min');
    assert.equal(quiet.icon, 'warning');
    assert.match(quiet.tooltip ?? '', /silent for lava\.quietMinutes/);
    assert.equal(quiet.label, presentJobNode(m, node, NOW).label);
    m.applyEvent(URL_A, event('7', { state: 'Finished', health: 'Incomplete', endTime: '2024-01-31T11:58:00' }));
    assert.deepEqual([ids(m, 'running'), ids(m, 'recent')], [[], ['7']]);
    const done = presentJobNode(m, { ...node, section: 'recent' }, NOW);
    assert.equal(done.icon, 'error');
    assert.equal(done.contextValue, 'lavaJob.finished');
    assert.equal(done.description, 'qemu01 · 3 min');
  });

  it('keeps a job the filter leaves out out of the sections (events are not filtered by the server)', () => {
    const m = model();
    m.setFilter({ deviceType: 'bbb' });
    for (const section of ['running', 'queued', 'recent', 'mine'] as const) m.setPage(URL_A, section, { count: 0, next: null, jobs: [] });
    assert.equal(m.applyEvent(URL_A, event('8')), false);
    assert.deepEqual(ids(m, 'running'), []);
    assert.equal(m.applyEvent(URL_A, event('9', { deviceType: 'bbb' })), true);
    assert.deepEqual(ids(m, 'running'), ['9']);
    assert.equal(describeFilter({ deviceType: 'bbb', sinceHours: 24 }), 'filter: bbb, last 24 h');
  });

  it('offers Load more while LAVA counts more jobs than are loaded, and appends the next page', () => {
    const m = model();
    const first = Array.from({ length: PAGE_SIZE }, (_, i) => job(String(1000 - i), { state: 'Finished' }));
    m.setPage(URL_A, 'recent', { count: 120, next: 'x', jobs: first });
    assert.equal(ids(m, 'recent').at(-1), 'more');
    const q = m.query(URL_A, 'recent', true)!;
    assert.deepEqual([q.offset, q.limit], [PAGE_SIZE, PAGE_SIZE]);
    const second = Array.from({ length: PAGE_SIZE }, (_, i) => job(String(950 - i), { state: 'Finished' }));
    m.setPage(URL_A, 'recent', { count: 120, next: 'x', jobs: second }, q.offset);
    assert.equal(ids(m, 'recent').length, 2 * PAGE_SIZE + 1);
    const more = presentJobNode(m, { kind: 'more', serverUrl: URL_A, section: 'recent' }, NOW);
    assert.equal(more.description, '100 of 120 shown');
  });

  it('shows server text plain: no codicon, no line break, no bidi override, bounded', () => {
    const m = model();
    const hostile = `$(alert) evil\n[link](command:lava.cancelJob)\u202Egnp.exe ${'x'.repeat(5000)}`;
    m.setPage(URL_A, 'running', {
      count: 1,
      next: null,
      jobs: [job('5', { description: hostile, actualDevice: '$(zap)dev\n', submitter: '$(x)\u0007' })],
    });
    const p = presentJobNode(m, { kind: 'job', serverUrl: URL_A, section: 'running', jobId: '5' }, NOW);
    for (const text of [p.label, p.description!, p.tooltip!]) {
      assert.ok(!text.includes('$('), text.slice(0, 80));
      assert.ok(!text.includes('\u202E') && !text.includes('\u0007'));
    }
    assert.ok(!p.label.includes('\n'));
    assert.ok(p.label.length <= 210, String(p.label.length));
    assert.ok(p.tooltip!.split('\n').every((line) => line.length <= 320));
  });

  it('has a server level only with several servers, and Mine only when the user is known', () => {
    const m = new JobsModel(() => NOW);
    m.setServers([{ name: 'A', url: URL_A }]);
    assert.deepEqual(
      m.roots().map((n) => (n.kind === 'section' ? n.section : n.kind)),
      ['running', 'queued', 'recent'],
    );
    m.setFollowing([{ serverUrl: URL_A, jobId: '3' }]);
    m.setServers([
      { name: 'A', url: URL_A },
      { name: 'B', url: 'https://b.example.org' },
    ]);
    assert.deepEqual(
      m.roots().map((n) => n.kind),
      ['server', 'server'],
    );
    assert.deepEqual(
      m.children(m.roots()[0]).map((n) => (n.kind === 'section' ? n.section : n.kind)),
      ['following', 'running', 'queued', 'recent'],
    );
  });
});
