// The LAVA view's refresh cost (issue 21): a Jobs view of 1 000 jobs and a Devices view of 200 devices,
// refreshed as VS Code asks after a change (every node's children and presentation), plus the model
// update that precedes it (a page read into the model, an event applied). Synchronous extension-host
// time, measured with performance.now over repeated refreshes: median and worst.
import { Bench, goalRow, measure, Row } from './common';
import { DevicesModel, DeviceNode } from '../src/core/lavaView/devicesModel';
import { JobNode, JobsModel, ListSection } from '../src/core/lavaView/jobsModel';
import { presentJobNode } from '../src/core/lavaView/presentation';
import { JobSummary } from '../src/core/protocols/rest/jobList';
import { DeviceInfo } from '../src/core/model/device';

const URL_S = 'https://lava.example.org';
const NOW = Date.parse('2024-01-31T12:00:00Z');

function jobs(n: number, state: JobSummary['state'], from: number): JobSummary[] {
  return Array.from({ length: n }, (_, i) => ({
    id: String(from - i),
    description: `nightly ${i % 7 === 0 ? '$(alert) ' : ''}boot test of board ${i} with a long description to make the label real`,
    submitter: `user${i % 13}`,
    state,
    health: state === 'Finished' ? (i % 5 === 0 ? 'Incomplete' : 'Complete') : 'Unknown',
    requestedDeviceType: `type-${i % 20}`,
    actualDevice: state === 'Submitted' ? null : `board-${i % 200}`,
    submitTime: NOW - 3_600_000 - i * 1000,
    startTime: state === 'Submitted' ? null : NOW - 1_800_000,
    endTime: state === 'Finished' ? NOW - 60_000 : null,
  }));
}

function refreshJobs(model: JobsModel): number {
  let n = 0;
  const walk = (nodes: JobNode[]) => {
    for (const node of nodes) {
      presentJobNode(model, node, NOW);
      n++;
      walk(model.children(node));
    }
  };
  walk(model.roots());
  return n;
}

function refreshDevices(model: DevicesModel): number {
  let n = 0;
  const walk = (nodes: DeviceNode[]) => {
    for (const node of nodes) {
      model.present(node);
      n++;
      walk(model.children(node));
    }
  };
  walk(model.roots());
  return n;
}

export const lavaViewBench: Bench = async (opts) => {
  const runs = opts.smoke ? 10 : 100;
  const sizes: Record<ListSection, JobSummary[]> = {
    running: jobs(150, 'Running', 100_000),
    queued: jobs(250, 'Submitted', 90_000),
    recent: jobs(400, 'Finished', 80_000),
    mine: jobs(200, 'Finished', 70_000),
  };
  const jobsModel = new JobsModel(() => NOW);
  jobsModel.setServers([{ name: 'lab', url: URL_S }]);
  jobsModel.setMe(URL_S, 'user1');
  let nodes = 0;
  let eventId = 200_000;
  // A read: four pages into the model, then the tree VS Code asks for.
  const jobsRead = measure(runs, () => {
    for (const [section, list] of Object.entries(sizes))
      jobsModel.setPage(URL_S, section as ListSection, { count: list.length, next: null, jobs: list });
    nodes = refreshJobs(jobsModel);
  });
  // An event: a job moves, then the tree again.
  const jobsEvent = measure(runs, () => {
    eventId++;
    jobsModel.applyEvent(URL_S, {
      kind: 'job',
      job: String(eventId),
      state: 'Running',
      health: 'Unknown',
      description: 'from an event',
      submitter: 'user1',
      at: '2024-01-31T12:00:00',
      deviceType: 'type-1',
      device: 'board-1',
    });
    refreshJobs(jobsModel);
  });
  const devices: DeviceInfo[] = Array.from({ length: 200 }, (_, i) => ({
    hostname: `board-${String(i).padStart(3, '0')}`,
    deviceType: `type-${i % 20}`,
    health: i % 17 === 0 ? 'Bad' : 'Good',
    state: i % 3 === 0 ? 'Running' : 'Idle',
    worker: `worker-${i % 10}`,
    currentJob: i % 3 === 0 ? String(100_000 - i) : null,
  }));
  const workers = Array.from({ length: 10 }, (_, i) => ({
    hostname: `worker-${i}`,
    state: i === 3 ? 'Offline' : 'Online',
    health: 'Active',
  }));
  const devicesModel = new DevicesModel();
  devicesModel.setServers([{ name: 'lab', url: URL_S }]);
  let deviceNodes = 0;
  const devicesRead = measure(runs, () => {
    devicesModel.setInventory(URL_S, { devices, workers, types: undefined, currentJobs: new Map() });
    devicesModel.setQueued(URL_S, jobsModel.queuedByType(URL_S));
    deviceNodes = refreshDevices(devicesModel);
  });
  const ms = (v: number) => `${v.toFixed(2)} ms`;
  const row = (variant: string, m: { median: number; max: number }, what: string): Row =>
    goalRow(
      {
        bench: 'lavaView',
        variant,
        metric: `refresh time, worst of ${runs} (median)`,
        value: m.max,
        shown: `${ms(m.max)} (${ms(m.median)}, ${what})`,
        max: 50,
        goalText: '≤ 50 ms',
      },
      'presentation of every node on each refresh',
    );
  const rows = [
    row('Jobs view, 1 000 jobs: read + tree', jobsRead, `${nodes} nodes`),
    row('Jobs view, 1 000 jobs: one event + tree', jobsEvent, `${nodes} nodes`),
    row('Devices view, 200 devices: read + tree', devicesRead, `${deviceNodes} nodes`),
  ];
  return {
    name: 'lavaView',
    title: 'LAVA view refresh',
    rows,
    notes: [
      'Extension-host time of one refresh: the model update (four pages of 1 000 jobs / 200 devices, or one job event) and every node VS Code asks for (children + label, description, tooltip, icon), synchronous, performance.now.',
    ],
    details: { runs, jobsRead, jobsEvent, devicesRead, nodes, deviceNodes },
  };
};
