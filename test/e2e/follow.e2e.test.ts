/**
 * LAVA Follow in a real VS Code: follow jobs of a simulated LAVA server (log-tail protocol) by id
 * and by pasted URL, reject a bad id in the input box, follow three jobs at once, stop following.
 */
import * as assert from 'assert';
import { LavaSimulator } from '../simulator/server';
import { sleep, useVSCode } from './harness';
import {
  channelOf,
  docScreenshot,
  expectChannelLog,
  expectFinishNotification,
  followJob,
  FOLLOW_JOB,
  FOLLOW_JOB_TITLE,
  jobLog,
  requestsFor,
  simSettings,
  splitNotices,
  STOP_FOLLOWING,
  STOP_FOLLOWING_TITLE,
  waitForSomeLog,
} from './scenario';

describe('LAVA Follow: following jobs (code-server + chromium)', function () {
  let sim: LavaSimulator;
  before(async function () {
    sim = await LavaSimulator.start({ port: 0 });
  });
  after(async function () {
    await sim?.close();
  });
  const vsc = useVSCode(() => ({ name: 'follow', settings: simSettings(sim) }));

  it('follows a log-tail job by id: the channel equals the log byte for byte, then a finish notification', async function () {
    const { session } = vsc;
    // About 190 KB: the first 40 KB are there when the job is followed; the rest comes in
    // 0.5-3 KB steps every 100 ms once the screenshot of the job in progress is taken.
    const log = jobLog('101', 2400, 101, false);
    const job = sim.addLogTailJob({ id: '101', log, chunk: { min: 500, max: 3000 }, intervalMs: 100, seed: 101, autoStart: false });
    job.appendNow(40_000);

    await followJob(session, '101');
    // The Output panel shows the channel while the log grows (maximized, for the screenshot).
    await session.page.locator('.part.panel .monaco-editor .view-lines').first().waitFor({ state: 'visible' });
    await session.runCommand('View: Toggle Maximized Panel');
    await waitForSomeLog(session, '101', 39_000);
    await sleep(500);
    await docScreenshot(session, 'follow-in-progress');
    job.start();

    await expectChannelLog(session, '101', log);
    await expectFinishNotification(session, '101');
    await docScreenshot(session, 'finish-notification');
    const finished = await session.waitForNotification(/^LAVA job 101 finished$/);
    await session.clickNotificationButton(finished, 'Show Log');
    await finished.toast.waitFor({ state: 'hidden', timeout: 5_000 });
    // Only log-tail requests for this job, from offset 0 upwards, and never one after the end.
    const reqs = requestsFor(sim, '101');
    assert.ok(
      reqs.every((r) => r.path === '/lava-server/job/101/log-tail'),
      JSON.stringify(reqs.map((r) => r.path)),
    );
    const starts = reqs.map((r) => Number(r.query.start));
    assert.strictEqual(starts[0], 0);
    assert.ok(
      starts.every((s, i) => i === 0 || s >= starts[i - 1]),
      `start offsets go back: ${starts.join(',')}`,
    );
    assert.ok(starts[starts.length - 1] <= log.length);
  });

  it('follows a job by its pasted URL', async function () {
    const { session } = vsc;
    const log = jobLog('102', 600, 102);
    sim.addLogTailJob({ id: '102', log, chunk: { min: 1000, max: 4000 }, intervalMs: 50, seed: 102 });

    await followJob(session, `${sim.url}/scheduler/job/102`);
    await expectChannelLog(session, '102', log);
    await expectFinishNotification(session, '102');
  });

  it('rejects an invalid job id in the input box and does nothing else', async function () {
    const { session } = vsc;
    const requestsBefore = sim.requests.length;
    const channelsBefore = session.outputChannelNames();

    await session.runCommand(FOLLOW_JOB);
    await session.typeInInput('12ab', { title: FOLLOW_JOB_TITLE });
    const message = await session.inputValidationMessage();
    assert.match(message, /"12ab" is not a job id/);
    // Enter does not accept an invalid value: the input box stays open with its message.
    await session.submitInput();
    await sleep(500);
    assert.ok(await session.inputIsOpen(), 'the input box closed on an invalid value');
    assert.match(await session.inputValidationMessage(), /"12ab" is not a job id/);
    await session.screenshot('follow-invalid-id');
    await session.closeInput();

    await sleep(1500);
    assert.strictEqual(sim.requests.length, requestsBefore, 'the simulator was asked something');
    assert.deepStrictEqual(session.outputChannelNames(), channelsBefore, 'a channel was opened');
    assert.deepStrictEqual(
      (await session.allNotificationMessages()).filter((t) => /12ab/.test(t)),
      [],
    );
  });

  it('follows three jobs at once into three channels, each byte-exact', async function () {
    const { session } = vsc;
    await session.clearNotifications();
    const ids = ['201', '202', '203'];
    const logs = ids.map((id, i) => jobLog(id, 900 + 150 * i, 200 + i));
    // Each job has its first 1000 bytes; they all grow once the three are followed.
    const jobs = ids.map((id, i) =>
      sim.addLogTailJob({ id, log: logs[i], chunk: { min: 300, max: 2500 }, intervalMs: 80, seed: 200 + i, autoStart: false }),
    );
    jobs.forEach((job) => job.appendNow(1000));

    for (const id of ids) await followJob(session, id);
    for (const id of ids) await waitForSomeLog(session, id, 900);
    jobs.forEach((job) => job.start());

    for (let i = 0; i < ids.length; i++) await expectChannelLog(session, ids[i], logs[i]);
    for (const id of ids) await expectFinishNotification(session, id);
    const names = session
      .outputChannelNames()
      .filter((n) => /^LAVA job 20\d$/.test(n))
      .sort();
    assert.deepStrictEqual(
      names,
      ids.map((id) => `LAVA job ${id}`),
    );
  });

  it('LAVA: Stop Following stops polling the job', async function () {
    const { session } = vsc;
    // A job that would take a minute: stopped after a few seconds.
    const log = jobLog('301', 3000, 301);
    sim.addLogTailJob({ id: '301', log, chunk: { min: 200, max: 600 }, intervalMs: 100, seed: 301 });

    await followJob(session, '301');
    await waitForSomeLog(session, '301', 2_000);
    await session.runCommand(STOP_FOLLOWING);
    await session.waitForInputTitle(STOP_FOLLOWING_TITLE);
    await session.pickItem('LAVA job 301');
    const stoppedAt = Date.now();
    await session.quickInput.waitFor({ state: 'hidden' });

    await session.waitForChannelText(channelOf('301'), (text) => text.endsWith('[LAVA Follow] Stopped following.\n'), 10_000);
    // A request already on its way may still arrive; nothing may be asked after that.
    await sleep(3_000);
    const late = requestsFor(sim, '301').filter((r) => r.time > stoppedAt + 250);
    assert.deepStrictEqual(
      late.map((r) => `${r.path}?start=${r.query.start}`),
      [],
      'requests after Stop Following',
    );
    assert.ok(!sim.logTailJob('301').finished, 'the job finished before it was stopped: the test proves nothing');
    // What was shown, without the notices, is a prefix of the log.
    const text = session.readOutputChannel(channelOf('301'))!.toString('utf8');
    const shown = splitNotices(text).log;
    assert.ok(log.toString('utf8').startsWith(shown), 'the channel is not a prefix of the log');
    assert.deepStrictEqual(
      (await session.allNotificationMessages()).filter((t) => /301/.test(t)),
      [],
    );
  });

  it('survives the server going down for 10 s mid-job: told once, resumes, nothing lost or doubled', async function () {
    this.timeout(180_000);
    const { session } = vsc;
    // 20 KB are there when the job is followed; the rest (some 90 KB) grows while the server is down.
    const log = jobLog('501', 1500, 501);
    const job = sim.addLogTailJob({ id: '501', log, chunk: { min: 300, max: 1200 }, intervalMs: 100, seed: 501, autoStart: false });
    job.appendNow(20_000);
    await followJob(session, '501');
    await waitForSomeLog(session, '501', 19_000);
    const beforeOutage = requestsFor(sim, '501').length;

    job.start();
    const downAt = Date.now();
    await sim.down(10_000);
    const upAt = Date.now();
    assert.ok(!job.finished, 'the job finished during the outage: the test proves nothing');

    const notices = await expectChannelLog(session, '501', log, { timeoutMs: 90_000, allowNotices: true });
    await expectFinishNotification(session, '501');
    // Told once that the server cannot be reached, and once that it is back.
    const reconnecting = notices.filter((n) => /Reconnecting…$/.test(n));
    const reconnected = notices.filter((n) => /^Reconnected\.$/.test(n));
    assert.strictEqual(reconnecting.length, 1, `notices: ${JSON.stringify(notices)}`);
    assert.strictEqual(reconnected.length, 1, `notices: ${JSON.stringify(notices)}`);
    assert.strictEqual(notices.length, 2, `notices: ${JSON.stringify(notices)}`);
    const all = await session.allNotificationMessages();
    assert.ok(all.includes('LAVA job 501 finished'), `notification center: ${JSON.stringify(all)}`);
    const errors = all.filter((m) => /501/.test(m) && !/finished/.test(m));
    assert.deepStrictEqual(errors, [], 'an error notification about the outage');
    // It went on from where it was: the first request after the outage did not start again at 0.
    const after = requestsFor(sim, '501').filter((r) => r.time >= upAt);
    assert.ok(after.length > 0 && Number(after[0].query.start) >= 19_000, `first request after the outage: ${JSON.stringify(after[0])}`);
    assert.ok(
      requestsFor(sim, '501')
        .slice(beforeOutage)
        .every((r) => r.time < downAt || r.time >= upAt),
    );
  });
});
