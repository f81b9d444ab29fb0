/**
 * LAVA's event stream in a real VS Code against a REAL LAVA 2023.01 behind Apache (LAVA_PROXY_URL: REST,
 * /RPC2 and /ws/ on one origin, as production servers; skipped unless one is up). The test listens to the
 * same stream itself, to know when LAVA sent each event, and prints how long the editor took after it.
 *   - a job submitted with submit.sh (not from the editor) shows under Running in the Jobs view, from its
 *     Running event (the view's polling fallback is a minute: well after the bound asserted);
 *   - that job, followed and then canceled from outside, gets its end notification after its Finished event
 *     with no job-state request in between (events spare them);
 *   - Watch My Jobs (`lava.watchMyJobs`): a second job, never followed, notifies when it ends.
 */
import * as assert from 'assert';
import { EventStream } from '../../src/core/events/eventStream';
import { eventsTarget, readMasterConfig } from '../../src/core/events/eventsTarget';
import type { LavaEvent } from '../../src/core/events/lavaEvent';
import { wsSocketFactory } from '../../src/core/events/wsSocket';
import { RealLava, requireRealLava, submit } from '../real/realLava';
import { debug, useVSCode, VSCodeSession, waitFor } from './harness';
import { channelOf, followJob, setRealToken } from './scenario';

/** A job may queue behind other jobs on the two QEMU devices. */
const REAL_TIMEOUT_MS = 8 * 60_000;
/**
 * The longest accepted from LAVA's event to what the editor shows. The goal is 1 s (printed); the bound
 * leaves room for a loaded CI machine and the test's own 250 ms look, and stays far below the polling
 * fallback (a list read a minute, a followed job's state every 4 s after its last record).
 */
const EVENT_BOUND_MS = 3_000;

/** A measured latency, always printed (the goal is a number: 1 s). */
function report(message: string): void {
  process.stdout.write(`      [events] ${message}\n`);
}

/** The side bar's tree rows (their text: label and description). */
async function sidebarRows(session: VSCodeSession): Promise<string[]> {
  return (await session.page.locator('.part.sidebar .monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

describe('LAVA events on a real LAVA 2023.01 behind Apache (code-server + chromium)', function () {
  let lava: RealLava;
  let url: string;
  let stream: EventStream | undefined;
  /** When this test saw each job's state event: `${job} ${state}` → Date.now(). */
  const seen = new Map<string, number>();

  before(async function () {
    lava = requireRealLava(this)!;
    if (!lava.proxyUrl) this.skip();
    url = lava.proxyUrl!;
    const s = new EventStream({
      socket: wsSocketFactory,
      target: () => eventsTarget({ name: 'real', url }, () => readMasterConfig(url, { fetch, timeoutMs: 15_000 })),
      login: () => Promise.resolve({ username: 'admin', token: lava.token }),
    });
    stream = s;
    s.onEvent((e: LavaEvent) => {
      if (e.kind === 'job' && !seen.has(`${e.job} ${e.state}`)) seen.set(`${e.job} ${e.state}`, Date.now());
    });
    const up = new Promise<void>((resolve) => s.onState((state) => state.kind === 'up' && resolve()));
    s.start();
    await up;
  });
  after(() => stream?.stop());

  const vsc = useVSCode(() => ({
    name: 'lava-events',
    settings: { 'lava.servers': [{ name: 'real', url, username: 'admin' }], 'lava.watchMyJobs': true },
  }));

  async function eventTime(job: string, state: string, timeoutMs: number): Promise<number> {
    return waitFor(`LAVA's ${state} event of job ${job}`, () => Promise.resolve(seen.get(`${job} ${state}`)), timeoutMs, 100);
  }

  async function cancelOutside(job: string): Promise<void> {
    const res = await fetch(`${url}/api/v0.2/jobs/${job}/cancel/`, {
      headers: { Authorization: `Token ${lava.token}` },
      signal: AbortSignal.timeout(20_000),
    });
    assert.ok(res.ok, `cancel of job ${job}: HTTP ${res.status}`);
  }

  it("LAVA: Set Token… stores the real server's token", async function () {
    await setRealToken(vsc.session, lava.token);
  });

  it('a job submitted outside the editor shows under Running from its event; followed, its end is told after its Finished event', async function () {
    this.timeout(REAL_TIMEOUT_MS);
    const { session } = vsc;
    await session.page.locator('.part.activitybar .action-item a[aria-label^="LAVA"]').first().click();
    await waitFor('the Jobs view', async () => (await sidebarRows(session)).some((r) => r.startsWith('Running')), 60_000, 250);
    const jobId = submit(lava, 'complete', 1);
    debug(`real LAVA job for the events: ${jobId}`);
    const running = await eventTime(jobId, 'Running', REAL_TIMEOUT_MS - 120_000);
    const rowPattern = new RegExp(`^#${jobId} .*qemu0\\d · `);
    await waitFor(
      `job ${jobId} under Running with its device`,
      async () => (await sidebarRows(session)).find((r) => rowPattern.test(r)),
      60_000,
      250,
    );
    const shownAfter = Date.now() - running;
    report(`job ${jobId}: Running in the Jobs view ${shownAfter} ms after LAVA's event`);
    assert.ok(shownAfter < EVENT_BOUND_MS, `the Jobs view showed job ${jobId} Running ${shownAfter} ms after its event`);

    await followJob(session, jobId);
    await session.waitForChannelText(channelOf(jobId), (text) => text.length > 0, 60_000);
    await cancelOutside(jobId);
    const finished = await eventTime(jobId, 'Finished', 120_000);
    await session.waitForNotification(new RegExp(`^LAVA job ${jobId} Canceled`), 60_000);
    const toldAfter = Date.now() - finished;
    report(`job ${jobId}: end notification ${toldAfter} ms after LAVA's Finished event`);
    assert.ok(toldAfter < EVENT_BOUND_MS, `the end of followed job ${jobId} was told ${toldAfter} ms after its Finished event`);
    await session.clearNotifications();
  });

  it('Watch My Jobs: a job of mine submitted outside the editor, never followed, is told when it ends', async function () {
    this.timeout(REAL_TIMEOUT_MS);
    const { session } = vsc;
    const jobId = submit(lava, 'fail');
    debug(`real LAVA job for Watch My Jobs: ${jobId}`);
    const note = await session.waitForNotification(new RegExp(`^LAVA job ${jobId}\\b.* Incomplete`), REAL_TIMEOUT_MS - 60_000);
    const finished = seen.get(`${jobId} Finished`);
    assert.ok(finished !== undefined, `notified before LAVA's Finished event of job ${jobId}`);
    report(`job ${jobId}: Watch My Jobs told its end ${Date.now() - finished} ms after LAVA's Finished event`);
    assert.ok((await note.toast.locator('.codicon-error').count()) > 0, 'the Incomplete notification is not an error');
  });
});
