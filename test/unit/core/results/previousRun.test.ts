import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { findPreviousRun, PREVIOUS_RUN_MAX_PAGES, previousRunUrl } from '../../../../src/core/results/previousRun';
import { loadOutputYaml } from '../../../simulator/fixtures';
import { addComparePair, COMPARE_DESCRIPTION } from '../../../simulator/resultsJobs';
import { LavaSimulator } from '../../../simulator/server';

describe('findPreviousRun over the simulator', function () {
  this.timeout(30000);
  let sim: LavaSimulator;
  const deps = () => ({ fetch, timeoutMs: 5000 });
  const quick = { linesPerSecond: 1e9, batchIntervalMs: 0, finishDelayMs: 0 };
  before(async () => {
    sim = await LavaSimulator.start({ port: 0 });
    addComparePair(sim, '10', '20');
    // Not previous runs of 20: another description (case differs), another device type, canceled, later.
    sim.addRestJob({
      id: '11',
      records: loadOutputYaml('complete'),
      health: 'Complete',
      description: COMPARE_DESCRIPTION.toUpperCase(),
      ...quick,
    });
    sim.addRestJob({
      id: '12',
      records: loadOutputYaml('complete'),
      health: 'Complete',
      description: COMPARE_DESCRIPTION,
      deviceType: 'bbb',
      ...quick,
    });
    sim.addRestJob({ id: '13', records: loadOutputYaml('canceled'), health: 'Canceled', description: COMPARE_DESCRIPTION, ...quick });
    sim.addRestJob({ id: '30', records: loadOutputYaml('complete'), health: 'Complete', description: COMPARE_DESCRIPTION, ...quick });
    sim.addRestJob({
      id: '14',
      records: loadOutputYaml('complete'),
      health: 'Complete',
      description: `${COMPARE_DESCRIPTION} 2`,
      ...quick,
    });
  });
  after(async () => {
    await sim.close();
  });

  it('names the latest Finished job before it with the same description and device type, in one request', async () => {
    const from = sim.requests.length;
    assert.equal(await findPreviousRun(sim.url, { id: '20', description: COMPARE_DESCRIPTION, deviceType: 'qemu' }, deps()), '10');
    const asked = sim.requests.slice(from);
    assert.equal(asked.length, 1);
    assert.deepEqual(asked[0].query, {
      description: COMPARE_DESCRIPTION,
      requested_device_type__name: 'qemu',
      state: 'Finished',
      health__in: 'Complete,Incomplete',
      id__lt: '20',
      ordering: '-id',
      limit: '20',
    });
  });

  it('none for the first run, another device type alone, or an id that is not a job id', async () => {
    assert.equal(await findPreviousRun(sim.url, { id: '10', description: COMPARE_DESCRIPTION, deviceType: 'qemu' }, deps()), undefined);
    assert.equal(await findPreviousRun(sim.url, { id: '20', description: COMPARE_DESCRIPTION, deviceType: 'juno' }, deps()), undefined);
    assert.equal(
      await findPreviousRun(sim.url, { id: '20&state=Running', description: COMPARE_DESCRIPTION, deviceType: 'qemu' }, deps()),
      undefined,
    );
  });

  it('without a device type, any device type (the latest: job 12)', async () => {
    assert.equal(await findPreviousRun(sim.url, { id: '20', description: COMPARE_DESCRIPTION, deviceType: null }, deps()), '12');
  });
});

describe('findPreviousRun against a server that ignores the filters', function () {
  this.timeout(30000);
  let server: http.Server;
  let url: string;
  let asked = 0;
  const job = (id: number, description: string) => ({
    id,
    submitter: 'admin',
    viewing_groups: [],
    description,
    health_check: false,
    requested_device_type: 'qemu',
    tags: [],
    actual_device: 'qemu01',
    submit_time: '2026-11-29T01:47:00.000000Z',
    start_time: '2026-11-29T01:47:01.000000Z',
    end_time: '2026-11-29T01:48:00.000000Z',
    state: 'Finished',
    health: 'Complete',
    priority: 50,
    definition: '',
    original_definition: '',
    multinode_definition: '',
    failure_tags: [],
    failure_comment: null,
  });
  let target = 'wanted';
  before(async () => {
    server = http.createServer((req, res) => {
      asked++;
      const u = new URL(req.url ?? '/', url);
      const offset = Number(u.searchParams.get('offset') ?? 0);
      // Every job, newest first, 20 a page, whatever the filters: job 1 is the one wanted.
      const all = Array.from({ length: 200 }, (_, i) => job(200 - i, 200 - i === 1 ? target : 'other'));
      const page = all.slice(offset, offset + 20);
      const next = offset + 20 < all.length ? `${url}/api/v0.2/jobs/?limit=20&offset=${offset + 20}` : null;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ count: all.length, next, previous: null, results: page }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((r) => server.close(r));
  });

  it(`checks each job itself and reads at most ${PREVIOUS_RUN_MAX_PAGES} pages`, async () => {
    asked = 0;
    assert.equal(
      await findPreviousRun(url, { id: '300', description: 'wanted', deviceType: 'qemu' }, { fetch, timeoutMs: 5000 }),
      undefined,
    );
    assert.equal(asked, PREVIOUS_RUN_MAX_PAGES);
  });

  it('finds it when it is within those pages', async () => {
    target = 'other';
    assert.equal(await findPreviousRun(url, { id: '150', description: 'other', deviceType: 'qemu' }, { fetch, timeoutMs: 5000 }), '149');
  });

  it('the request names the description exactly, whatever it holds', () => {
    const u = new URL(previousRunUrl('https://lava.example.org', { id: '5', description: 'a&b=c #d', deviceType: null }));
    assert.equal(u.searchParams.get('description'), 'a&b=c #d');
    assert.equal(u.searchParams.get('requested_device_type__name'), null);
  });
});
