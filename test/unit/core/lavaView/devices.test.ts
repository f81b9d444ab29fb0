// Devices, device types and workers over real HTTP against the simulator (LAVA 2023.01 answers, captured),
// XML-RPC scheduler.devices.list for current jobs, and the Devices view's model.
import * as assert from 'node:assert/strict';
import { DevicesModel } from '../../../../src/core/lavaView/devicesModel';
import { listDevices, listDeviceTypes, listWorkers, rpcCurrentJobs } from '../../../../src/core/protocols/rest/devices';
import { LavaSimulator } from '../../../simulator/server';

const fetch = globalThis.fetch.bind(globalThis);

describe('LAVA view: devices, device types, workers', () => {
  let sim: LavaSimulator;
  beforeEach(async () => {
    sim = await LavaSimulator.start();
  });
  afterEach(async () => {
    await sim.close();
  });

  it('reads the lists LAVA 2023.01 answers, and current jobs from scheduler.devices.list', async () => {
    const qemu01 = sim.inventory.devices.find((d) => d.hostname === 'qemu01')!;
    Object.assign(qemu01, { currentJob: 42, state: 'Running' });
    for (const d of sim.inventory.devices) if (d !== qemu01) Object.assign(d, { currentJob: null, state: 'Idle' });
    const deps = { fetch, timeoutMs: 5000 };
    const [devices, types, workers, current] = await Promise.all([
      listDevices(sim.url, deps),
      listDeviceTypes(sim.url, deps),
      listWorkers(sim.url, deps),
      rpcCurrentJobs(sim.url, deps),
    ]);
    assert.deepEqual(
      devices.find((d) => d.hostname === 'qemu01'),
      {
        hostname: 'qemu01',
        deviceType: 'qemu',
        health: 'Good',
        state: 'Running',
        worker: 'real-lava-worker',
        currentJob: null,
      },
    );
    assert.deepEqual(
      types.map((t) => t.name),
      ['qemu'],
    );
    assert.deepEqual(
      workers.map((w) => [w.hostname, w.state]),
      [
        ['example.com', 'Offline'],
        ['real-lava-worker', 'Online'],
      ],
    );
    assert.deepEqual([...current!], [['qemu01', '42']]);
  });

  it('pages through 450 devices (limit/offset), and groups them by device type', async () => {
    sim.inventory.generate(450, 7);
    const devices = await listDevices(sim.url, { fetch, timeoutMs: 5000 });
    assert.equal(devices.length, 450);
    assert.equal(sim.inventory.requests.get('/devices/'), 3);
    const m = new DevicesModel();
    m.setServers([{ name: 'S', url: sim.url }]);
    m.setInventory(sim.url, { devices, workers: [] });
    const roots = m.roots();
    assert.equal(roots.length, 7);
    assert.equal(
      roots.reduce((n, t) => n + m.children(t).length, 0),
      450,
    );
  });
});

describe('LAVA view: the devices model', () => {
  const URL_S = 'https://lava.example.org';
  const model = () => {
    const m = new DevicesModel();
    m.setServers([{ name: 'S', url: URL_S }]);
    m.setInventory(URL_S, {
      devices: [
        { hostname: 'qemu01', deviceType: 'qemu', health: 'Good', state: 'Idle', worker: 'w1', currentJob: null },
        { hostname: 'bbb01', deviceType: 'bbb', health: 'Bad', state: 'Idle', worker: 'w2', currentJob: null },
      ],
      workers: [
        { hostname: 'w1', state: 'Online', health: 'Active' },
        { hostname: 'w2', state: 'Offline', health: 'Active' },
      ],
      currentJobs: new Map([['qemu01', '12']]),
    });
    return m;
  };
  const device = (hostname: string) => ({ kind: 'device' as const, serverUrl: URL_S, hostname });

  it('shows health, state, the current job and an offline worker', () => {
    const m = model();
    const q = m.present(device('qemu01'));
    assert.equal(q.description, 'Good · Idle · #12');
    assert.equal(q.icon, 'vm');
    assert.equal(m.currentJob(device('qemu01')), '12');
    const b = m.present(device('bbb01'));
    assert.equal(b.description, 'Bad · Idle · worker offline');
    assert.equal(b.icon, 'debug-disconnect');
    assert.match(b.tooltip!, /Worker: w2 \(worker offline\)/);
  });

  it('follows device, worker and job events', () => {
    const m = model();
    m.applyEvent(URL_S, { kind: 'device', device: 'qemu01', deviceType: 'qemu', state: 'Running', health: 'Good', at: '', job: '13' });
    assert.equal(m.present(device('qemu01')).description, 'Good · Running · #13');
    m.applyEvent(URL_S, {
      kind: 'job',
      job: '13',
      state: 'Finished',
      health: 'Complete',
      description: '',
      submitter: '',
      at: '',
      device: 'qemu01',
    });
    assert.equal(m.currentJob(device('qemu01')), undefined);
    m.applyEvent(URL_S, { kind: 'worker', worker: 'w2', state: 'Online', health: 'Active', at: '' });
    assert.equal(m.present(device('bbb01')).description, 'Bad · Idle');
    m.setQueued(URL_S, new Map([['bbb', 3]]));
    assert.equal(m.present({ kind: 'type', serverUrl: URL_S, deviceType: 'bbb' }).description, '1 device · 3 queued');
  });

  it('shows hostile device text plain', () => {
    const m = new DevicesModel();
    m.setServers([{ name: 'S', url: URL_S }]);
    m.setInventory(URL_S, {
      devices: [{ hostname: '$(zap)\u202Eevil\n', deviceType: '$(x)t', health: '$(bug)', state: 'Idle', worker: null, currentJob: null }],
      workers: [],
    });
    const t = m.roots()[0];
    const d = m.children(t)[0];
    for (const p of [m.present(t), m.present(d)]) {
      for (const text of [p.label, p.description ?? '', p.tooltip ?? '']) assert.ok(!/\$\(|\u202E/.test(text), text);
    }
  });
});
