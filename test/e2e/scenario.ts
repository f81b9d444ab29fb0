/**
 * Steps and checks shared by the LAVA Follow scenarios: what a person does (run a command, type a
 * job id) and what the tests compare (a channel's bytes against the simulator's log).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { RealLava } from '../real/realLava';
import { noticeMessages, stripNotices } from '../../src/core/follow/channelText';
import { LavaSimulator, RecordedRequest } from '../simulator/server';
import { VSCodeSession, sleep, waitFor } from './harness';

export const FOLLOW_JOB = 'LAVA: Follow Job…';
/** The title of Follow Job's input box (a title names the command, without its "…"). */
export const FOLLOW_JOB_TITLE = 'LAVA: Follow Job';
export const STOP_FOLLOWING = 'LAVA: Stop Following…';
/** The title of Stop Following's pick (without the command's "…"). */
export const STOP_FOLLOWING_TITLE = 'LAVA: Stop Following';
export const SET_TOKEN = 'LAVA: Set Token…';
export const FORGET_TOKEN = 'LAVA: Forget Token';

/** Settings that point the extension at the simulator (log-tail protocol) and poll briskly. */
export function simSettings(sim: LavaSimulator, name = 'sim'): Record<string, unknown> {
  return {
    'lava.servers': [{ name, url: sim.url, api: 'log-tail' }],
    'lava.pollMinDelaySeconds': 0.2,
    'lava.pollMaxDelaySeconds': 0.5,
    'lava.requestTimeoutSeconds': 5,
  };
}

/**
 * A deterministic boot-like job log with multi-byte UTF-8 (é, —, ✓ and, unless `emoji` is false,
 * the 4-byte 🚀), tabs and long lines. (Debian's chromium has no emoji font: a screenshot shows 🚀
 * as a box.)
 */
export function jobLog(jobId: string, lines: number, seed = 1, emoji = true): Buffer {
  let state = seed >>> 0 || 1;
  const rnd = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
  const words = ['kernel', 'réseau', 'café', 'udev', 'probe', 'mmc0', 'eth0', 'systemd', 'données', 'naïve', 'clé'];
  const out: string[] = [`LAVA job ${jobId}: start of log`];
  for (let i = 1; i < lines; i++) {
    const t = (i * 0.137).toFixed(6).padStart(12, ' ');
    const n = 2 + Math.floor(rnd() * 9);
    const text = Array.from({ length: n }, () => words[Math.floor(rnd() * words.length)]).join(' ');
    if (i % 97 === 0) out.push(`[${t}] long: ${'0123456789abcdef—é'.repeat(60)}`);
    else if (i % 41 === 0) out.push(`[${t}] ${emoji ? '🚀' : '>>'} step ${i}\t✓ ${text}`);
    else out.push(`[${t}] ${text}`);
  }
  out.push(`LAVA job ${jobId}: end of log ✓`);
  return Buffer.from(out.join('\n') + '\n', 'utf8');
}

/** Runs LAVA: Follow Job and types `input` (a job id or URL) into its input box. */
export async function followJob(session: VSCodeSession, input: string): Promise<void> {
  await session.runCommand(FOLLOW_JOB);
  await session.typeInInput(input, { title: FOLLOW_JOB_TITLE });
  await session.submitInput();
  await session.quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
}

/** The channel name the extension uses with one configured server. */
export function channelOf(jobId: string): RegExp {
  return new RegExp(`^LAVA job ${jobId.replace('.', '\\.')}$`);
}

/** Splits a channel's text into the log (core/follow/channelText.ts `stripNotices`) and the messages of the extension's own notices. */
export function splitNotices(text: string): { log: string; notices: string[] } {
  return { log: stripNotices(text), notices: noticeMessages(text) };
}

/**
 * Waits until the job's channel holds the whole log (plus, optionally, notice lines) and checks it
 * byte for byte. Returns the notices.
 */
export async function expectChannelLog(
  session: VSCodeSession,
  jobId: string,
  expected: Buffer,
  opts: { timeoutMs?: number; allowNotices?: boolean } = {},
): Promise<string[]> {
  const want = expected.toString('utf8');
  const bytes = await session.waitForChannelText(
    channelOf(jobId),
    (text) => {
      const { log } = splitNotices(text);
      return log.length >= want.length;
    },
    opts.timeoutMs ?? 60_000,
  );
  // Let trailing writes (a late notice, a doubled chunk) land before comparing.
  await sleep(700);
  const final = session.readOutputChannel(channelOf(jobId)) ?? bytes;
  if (!opts.allowNotices) {
    assert.ok(final.equals(expected), diffMessage(jobId, final, expected));
    return [];
  }
  const { log, notices } = splitNotices(final.toString('utf8'));
  const logBytes = Buffer.from(log, 'utf8');
  assert.ok(logBytes.equals(expected), diffMessage(jobId, logBytes, expected));
  return notices;
}

function diffMessage(jobId: string, actual: Buffer, expected: Buffer): string {
  let i = 0;
  while (i < actual.length && i < expected.length && actual[i] === expected[i]) i++;
  const around = (b: Buffer) => JSON.stringify(b.subarray(Math.max(0, i - 60), i + 60).toString('utf8'));
  return (
    `channel of job ${jobId} differs from the simulator's log: ${actual.length} bytes vs ${expected.length}, ` +
    `first difference at byte ${i}\n  channel: ${around(actual)}\n  log:     ${around(expected)}`
  );
}

export function requestsFor(sim: LavaSimulator, jobId: string): RecordedRequest[] {
  return sim.requests.filter((r) => r.jobId === jobId);
}

/** Waits until the job's channel has at least `bytes` bytes. */
export async function waitForSomeLog(session: VSCodeSession, jobId: string, bytes: number, timeoutMs = 30_000): Promise<void> {
  await session.waitForChannelText(channelOf(jobId), (_text, buf) => buf.length >= bytes, timeoutMs);
}

/** Waits for the finish notification of a job and checks its buttons. */
export async function expectFinishNotification(session: VSCodeSession, jobId: string): Promise<void> {
  const note = await session.waitForNotification(new RegExp(`^LAVA job ${jobId.replace('.', '\\.')} finished$`), 30_000);
  assert.deepStrictEqual(note.buttons, ['Open Job Log', 'Show Log', 'Open in Browser']);
}

/**
 * A screenshot for the docs: always saved in test-results/, and into docs/screenshots/ only with
 * E2E_UPDATE_SCREENSHOTS=1 (so that an ordinary run leaves the working tree as it was).
 */
export async function docScreenshot(session: VSCodeSession, name: string): Promise<void> {
  await session.screenshot(name);
  if (process.env.E2E_UPDATE_SCREENSHOTS === '1') await session.screenshot(`docs/screenshots/${name}.png`);
}

export { waitFor };

/** LAVA: Set Token… for the configured server named `real` (the real LAVA's suites). */
export async function setRealToken(session: VSCodeSession, token: string): Promise<void> {
  await session.runCommand(SET_TOKEN);
  await session.waitForInputTitle('LAVA: Set Token… (real)');
  await session.typeInInput(token);
  await session.submitInput();
  await session.waitForNotification(/^LAVA token saved for real\./);
  await session.clearNotifications();
}

/** A definition of ../shared/real-lava with its image paths as submit.sh makes them, the demo loop `loops` long. */
export function definition(lava: RealLava, file: string, loops?: number): string {
  const env = fs.readFileSync(process.env.REAL_LAVA_ENV ?? '/tmp/real-lava/env', 'utf8');
  const images = /^REAL_LAVA_IMAGES=(.*)$/m.exec(env)?.[1] ?? '/tmp/real-lava/images';
  let text = fs.readFileSync(path.join(lava.scripts, file), 'utf8').replace(/file:\/\/\/tmp\/real-lava\/images\//g, `file://${images}/`);
  if (loops) text = text.replace(/^.*(progress|loop done).*$/gm, (line) => line.replace(/\b150\b/g, String(loops)));
  return text;
}

/** Quick Open (Ctrl+P) → the file → its editor. */
export async function openWorkspaceFile(session: VSCodeSession, name: string): Promise<void> {
  await session.closeInput();
  await session.page.keyboard.press('Control+P');
  await session.typeInInput(name);
  await session.pickItem(new RegExp(`^\\s*${name.replace('.', '\\.')}\\s*$`));
  await session.page.locator('.tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: 15_000 });
  await session.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click({ force: true });
}
