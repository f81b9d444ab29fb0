// The Find Job picker's items, without VS Code: order, filtering, the typed job, errors.
import * as assert from 'node:assert/strict';
import { JobSummary } from '../../../../src/core/protocols/rest/jobList';
import { ago, buildPickItems, PickInput, PickItem, ServerJobs, statusText } from '../../../../src/core/find/jobPickModel';
import { ServerConfig } from '../../../../src/core/config/servers';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const MIN = 60_000;

function job(id: string, over: Partial<JobSummary> = {}): JobSummary {
  return {
    id,
    description: `job ${id}`,
    submitter: 'admin',
    state: 'Finished',
    health: 'Complete',
    requestedDeviceType: 'qemu',
    actualDevice: 'qemu01',
    submitTime: NOW - 60 * MIN,
    startTime: NOW - 59 * MIN,
    endTime: NOW - 50 * MIN,
    ...over,
  };
}

const lava: ServerConfig = { name: 'lava', url: 'https://lava.example.org', api: 'rest' };
const other: ServerConfig = { name: 'other', url: 'https://other.example.org/lava', api: 'auto' };
const old: ServerConfig = { name: 'old', url: 'http://old.example.org', api: 'log-tail' };

function rest(server: ServerConfig, jobs: JobSummary[], over: Partial<ServerJobs> = {}): ServerJobs {
  return { server, api: 'rest', loading: false, jobs, ...over };
}

function items(input: Partial<PickInput> & { servers: ServerJobs[] }): PickItem[] {
  return buildPickItems({ filter: '', onlyMine: false, now: NOW, ...input });
}

/** `kind:label` of each item, to compare lists at a glance. */
function labels(list: PickItem[]): string[] {
  return list.map((i) => `${i.kind}:${i.label}`);
}

function jobIds(list: PickItem[]): string[] {
  return list.flatMap((i) => (i.kind === 'job' ? [`${i.server.name}/${i.job.id}`] : []));
}

describe('Find Job items', () => {
  it('lists running jobs first (latest start first), then the others by submission, newest first', () => {
    const list = items({
      servers: [
        rest(lava, [
          job('10', { submitTime: NOW - 3 * MIN }),
          job('11', { state: 'Running', health: 'Unknown', startTime: NOW - 20 * MIN, endTime: null }),
          job('12', { state: 'Running', health: 'Unknown', startTime: NOW - 2 * MIN, endTime: null }),
          job('13', {
            state: 'Submitted',
            health: 'Unknown',
            submitTime: NOW - 1 * MIN,
            startTime: null,
            endTime: null,
            actualDevice: null,
          }),
        ]),
        rest(other, [
          job('500', { submitTime: NOW - 2 * MIN }),
          job('501', { state: 'Canceling', health: 'Unknown', startTime: NOW - 10 * MIN, endTime: null }),
        ]),
      ],
    });
    assert.deepEqual(jobIds(list), ['lava/12', 'other/501', 'lava/11', 'lava/13', 'other/500', 'lava/10']);
    assert.deepEqual(
      list.filter((i) => i.kind === 'separator').map((i) => i.label),
      ['Running', 'Recent'],
    );
    assert.equal(list[0].kind, 'separator');
  });

  it('shows id, description, device, submitter, state with an icon and how long ago', () => {
    const [, running] = items({
      servers: [
        rest(lava, [
          job('11', {
            state: 'Running',
            health: 'Unknown',
            startTime: NOW - 5 * MIN,
            endTime: null,
            description: 'boot test',
            submitter: 'alice',
          }),
        ]),
      ],
    });
    assert.deepEqual(
      { label: running.label, description: running.description, detail: running.detail },
      { label: '$(sync~spin) 11 boot test', description: 'qemu01 · alice', detail: 'Running · started 5 min ago' },
    );
    const finished = items({ servers: [rest(lava, [job('7', { health: 'Incomplete', endTime: NOW - 2 * 60 * MIN })]), rest(other, [])] });
    assert.deepEqual(
      [finished[1].label, finished[1].description, finished[1].detail],
      ['$(error) 7 job 7', 'qemu01 · admin · lava', 'Incomplete · ended 2 h ago'],
      'the server is named when several are configured',
    );
    const queued = items({
      servers: [
        rest(lava, [
          job('8', { state: 'Submitted', health: 'Unknown', startTime: null, endTime: null, actualDevice: null, submitTime: NOW - 30_000 }),
        ]),
      ],
    });
    assert.deepEqual(
      [queued[1].label, queued[1].description, queued[1].detail],
      ['$(clock) 8 job 8', 'qemu · admin', 'Submitted · submitted 30 s ago'],
    );
    const canceled = items({ servers: [rest(lava, [job('9', { health: 'Canceled' })])] });
    assert.equal(canceled[1].label, '$(circle-slash) 9 job 9');
    assert.equal(items({ servers: [rest(lava, [job('6')])] })[1].label, '$(pass) 6 job 6');
  });

  it('filters on every typed word, across id, description, device, submitter, state and server', () => {
    const servers = [
      rest(lava, [
        job('1', { description: 'kernel boot', submitter: 'alice' }),
        job('2', { description: 'kernel ltp', actualDevice: 'bbb-01' }),
        job('3', { health: 'Incomplete' }),
      ]),
      rest(other, [job('4', { description: 'Kernel smoke' })]),
    ];
    assert.deepEqual(jobIds(items({ servers, filter: 'kernel' })), ['lava/2', 'lava/1', 'other/4'], 'same time: higher id first');
    assert.deepEqual(jobIds(items({ servers, filter: 'KERNEL bbb' })), ['lava/2']);
    assert.deepEqual(jobIds(items({ servers, filter: 'alice' })), ['lava/1']);
    assert.deepEqual(jobIds(items({ servers, filter: 'incomplete' })), ['lava/3']);
    assert.deepEqual(jobIds(items({ servers, filter: 'other' })), ['other/4']);
    assert.deepEqual(jobIds(items({ servers, filter: 'nothing-like-this' })), []);
  });

  it('offers a typed job id first on every server that does not list it', () => {
    const list = items({ servers: [rest(lava, [job('1'), job('1234', { description: 'known job' })]), rest(other, [])], filter: '1234' });
    assert.deepEqual(labels(list), ['direct:$(debug-start) Follow job 1234 on other', 'separator:Recent', 'job:$(pass) 1234 known job']);
    const [onOther] = list;
    assert.ok(onOther.kind === 'direct');
    assert.equal(onOther.server, other);
    assert.equal(onOther.jobId, '1234');
    assert.equal(onOther.url, 'https://other.example.org/lava/scheduler/job/1234');
    const hiddenByToggle = items({
      servers: [rest(lava, [job('1234', { description: 'known job', submitter: 'bob' })], { user: 'alice' })],
      filter: '1234',
      onlyMine: true,
    });
    assert.deepEqual(
      [hiddenByToggle[0].label, hiddenByToggle[0].description],
      ['$(debug-start) Follow job 1234 on lava', 'known job'],
      'a job the toggle hides is still offered, and described',
    );
    assert.equal(items({ servers: [rest(lava, [])], filter: '#77' })[0].label, '$(debug-start) Follow job 77 on lava');
    assert.equal(items({ servers: [rest(lava, [])], filter: '77.1' })[0].label, '$(debug-start) Follow job 77.1 on lava');
  });

  it("offers a pasted job URL on its server only, or on the URL's host when it is not configured", () => {
    const servers = [rest(lava, [job('1')]), rest(other, [])];
    const pasted = items({ servers, filter: 'https://other.example.org/lava/scheduler/job/42' });
    assert.deepEqual(labels(pasted), ['direct:$(debug-start) Follow job 42 on other']);
    const p = pasted[0];
    assert.ok(p.kind === 'direct');
    assert.equal(p.server, other);
    assert.equal(p.url, 'https://other.example.org/lava/scheduler/job/42');
    const unknown = items({ servers, filter: 'https://lava.elsewhere.net/api/v0.2/jobs/99/' });
    assert.ok(unknown[0].kind === 'direct');
    assert.deepEqual(
      [unknown[0].label, unknown[0].server.url],
      ['$(debug-start) Follow job 99 on lava.elsewhere.net', 'https://lava.elsewhere.net'],
    );
  });

  it('shows only my jobs with the toggle, and says where who I am is not known', () => {
    const servers = [
      rest(lava, [job('1', { submitter: 'alice' }), job('2', { submitter: 'bob' })], { user: 'alice' }),
      rest(other, [job('3', { submitter: 'alice' })]),
    ];
    const mine = items({ servers, onlyMine: true });
    assert.deepEqual(jobIds(mine), ['lava/1']);
    const info = mine.find((i) => i.kind === 'info');
    assert.ok(info && info.kind === 'info');
    assert.equal(info.server, other);
    assert.match(info.label, /other: who you are is not known/);
    assert.deepEqual(jobIds(items({ servers, onlyMine: false })), ['lava/2', 'lava/1', 'other/3']);
  });

  it('turns a failed server into an item that says what went wrong, after the jobs of the others', () => {
    const list = items({
      servers: [
        rest(lava, [], { error: { kind: 'timeout', message: 'No answer from https://lava.example.org within 15 s.' } }),
        rest(other, [job('3')]),
        rest({ ...lava, name: 'private', url: 'https://p.example.org' }, [], {
          error: { kind: 'unauthorized', message: 'The server refused access (HTTP 403) (Invalid token.).' },
        }),
      ],
    });
    assert.deepEqual(labels(list), [
      'separator:Recent',
      'job:$(pass) 3 job 3',
      'separator:Servers',
      'error:$(error) lava: No answer from https://lava.example.org within 15 s.',
      'error:$(error) private: The server refused access (HTTP 403) (Invalid token.).',
    ]);
    assert.equal(list[3].detail, 'Select to try again.');
    assert.equal(list[4].detail, 'Select to set a token for this server.');
  });

  it('keeps the jobs a server sent before it failed, and shows servers still loading', () => {
    const list = items({
      servers: [
        rest(lava, [job('1', { state: 'Running', health: 'Unknown', endTime: null })], {
          error: { kind: 'server', message: 'The server failed (HTTP 500).' },
        }),
        { server: other, api: 'unknown', loading: true, jobs: [] },
      ],
    });
    assert.deepEqual(labels(list), [
      'separator:Running',
      'job:$(sync~spin) 1 job 1',
      'separator:Servers',
      'error:$(error) lava: The server failed (HTTP 500).',
      'loading:$(loading~spin) Loading jobs from other…',
    ]);
  });

  it('offers "Follow job by id" for a log-tail server, and the typed id there too', () => {
    const servers = [rest(lava, [job('1')]), { server: old, api: 'log-tail' as const, loading: false, jobs: [] }];
    const list = items({ servers });
    assert.deepEqual(labels(list).slice(-2), ['separator:Servers', 'follow-by-id:$(debug-start) Follow job by id on old…']);
    const typed = items({ servers, filter: '55' });
    assert.deepEqual(labels(typed), ['direct:$(debug-start) Follow job 55 on lava', 'direct:$(debug-start) Follow job 55 on old']);
    assert.deepEqual(labels(items({ servers: [servers[1]] })), ['follow-by-id:$(debug-start) Follow job by id on old…']);
  });

  it("shows a server's words as text: no codicon, one line, bounded; only our own words carry icons", () => {
    const hostile = '$(alert) [x](command:workbench.action.quit)\nsecond line';
    const list = items({
      servers: [
        rest(lava, [
          job('1', {
            description: hostile,
            submitter: '$(account) mallory',
            actualDevice: null,
            requestedDeviceType: '$(vm)\tqemu',
          }),
          job('2', { description: 'd'.repeat(10_000) }),
        ]),
        rest({ ...lava, name: '$(gear) lab', url: 'https://lab.example.org' }, [], {
          error: { kind: 'bad-response', message: 'The server said: $(error) oops\n<html>' },
        }),
      ],
    });
    const one = list.find((i) => i.kind === 'job' && i.job.id === '1')!;
    assert.equal(one.label, '$(pass) 1 \\$(alert) [x](command:workbench.action.quit) second line');
    assert.equal(one.description, '\\$(vm) qemu · \\$(account) mallory · lava');
    const two = list.find((i) => i.kind === 'job' && i.job.id === '2')!;
    assert.ok(two.label.length <= 220 && two.label.endsWith('…'), two.label);
    const error = list.find((i) => i.kind === 'error')!;
    assert.equal(error.label, '$(error) \\$(gear) lab: The server said: \\$(error) oops <html>');
    for (const item of list) {
      for (const text of [item.label, item.description ?? '', item.detail ?? '']) {
        assert.doesNotMatch(text, /\n/);
        // Every codicon left is one of ours, at the start of the label.
        assert.equal(text.replace(/^\$\([a-z~-]+\) /, '').match(/(?<!\\)\$\(/), null, text);
      }
    }
    const direct = items({ servers: [rest(lava, [job('7', { description: '$(alert) typed' })])], filter: '7' });
    assert.equal(direct.find((i) => i.kind === 'job')?.label, '$(pass) 7 \\$(alert) typed');
  });

  it('words time like a person: just now, seconds, minutes, hours, days', () => {
    assert.equal(ago(NOW - 2000, NOW), 'just now');
    assert.equal(ago(NOW + 60_000, NOW), 'just now', 'a server clock ahead of ours');
    assert.equal(ago(NOW - 42_000, NOW), '42 s ago');
    assert.equal(ago(NOW - 5 * MIN - 59_000, NOW), '5 min ago');
    assert.equal(ago(NOW - 47 * 60 * MIN, NOW), '47 h ago');
    assert.equal(ago(NOW - 72 * 60 * MIN, NOW), '3 d ago');
    assert.equal(
      statusText(job('1', { state: 'Scheduled', health: 'Unknown', submitTime: null, startTime: null, endTime: null }), NOW),
      'Scheduled',
    );
  });
});
