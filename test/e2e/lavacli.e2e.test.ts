/**
 * LAVA: Import Servers from lavacli in a real VS Code: lavacli's identities (one with a token, one
 * without) become `lava.servers` in the user's settings, the token goes to secret storage only,
 * and following a job on the token identity's server sends it. Reading lavacli.yaml needs the
 * yaml library, which the packaged extension loads lazily from `dist/yaml-lib.js`.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { formatRecord } from '../../src/core/log/format';
import { parseRecords } from '../../src/core/log/records';
import { loadOutputYaml } from '../simulator/fixtures';
import { LavaSimulator } from '../simulator/server';
import { useVSCode, VSCodeSession, waitFor } from './harness';
import { FOLLOW_JOB, FOLLOW_JOB_TITLE, requestsFor, splitNotices } from './scenario';

const IMPORT = 'LAVA: Import Servers from lavacli';
const TOKEN = 'lavacliTok-3e9b1c7a5d2f4e60b8a1c2d3e4f5a6b7';

/** Follows `jobId` by id, answering "Which LAVA server?" with `server` (several servers are configured). */
async function followOn(session: VSCodeSession, jobId: string, server: string): Promise<void> {
  await session.runCommand(FOLLOW_JOB);
  await session.typeInInput(jobId, { title: FOLLOW_JOB_TITLE });
  await session.submitInput();
  await waitFor('the "Which LAVA server?" pick', async () => /Which LAVA server\?/.test(await session.inputPrompt()), 10_000, 50);
  await session.pickItem(server);
  await session.quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
}

/**
 * The user's settings.json. VS Code rewrites it in place (truncate, then write), also on its own at
 * startup when it migrates a setting: a read can land between the two and see an empty or cut file,
 * so a read that does not parse is tried again.
 */
async function userSettings(session: VSCodeSession): Promise<Record<string, unknown>> {
  return waitFor(
    'settings.json that parses',
    () => JSON.parse(fs.readFileSync(session.settingsPath, 'utf8')) as Record<string, unknown>,
    5_000,
    50,
  );
}

describe('LAVA Follow: import servers from lavacli (code-server + chromium)', function () {
  /** The lab of the identity with a token: it requires one, and its job is private. */
  let lab: LavaSimulator;
  /** The identity without a token: an open server. */
  let open: LavaSimulator;
  before(async function () {
    [lab, open] = await Promise.all([LavaSimulator.start({ port: 0, token: TOKEN }), LavaSimulator.start({ port: 0 })]);
  });
  after(async function () {
    await Promise.all([lab?.close(), open?.close()]);
  });
  const vsc = useVSCode(() => ({
    name: 'lavacli',
    settings: { 'lava.pollMinDelaySeconds': 0.2, 'lava.pollMaxDelaySeconds': 0.5, 'lava.requestTimeoutSeconds': 5 },
  }));

  it('imports two lavacli identities into lava.servers, and no token into settings.json', async function () {
    const { session } = vsc;
    assert.strictEqual((await userSettings(session))['lava.servers'], undefined);
    // code-server runs with XDG_CONFIG_HOME=<home>/config (harness.ts): lavacli's file is read from there.
    const file = path.join(session.homeDir, 'config', 'lavacli.yaml');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      [
        '# lavacli identities (lavacli identities add ...)',
        'lab:',
        `  uri: ${lab.url}/RPC2`,
        '  username: admin',
        `  token: "${TOKEN}"`,
        'open-lab:',
        `  uri: '${open.url}/RPC2'`,
        '',
      ].join('\n'),
    );

    await session.runCommand(IMPORT);
    const note = await session.waitForNotification(/^Imported 2 lavacli identities/);
    assert.match(note.message, /2 new servers, 1 tokens? saved in secret storage/);

    const servers = await waitFor(
      'lava.servers in settings.json',
      async () => {
        const value = (await userSettings(session))['lava.servers'];
        return Array.isArray(value) && value.length > 0 ? value : undefined;
      },
      10_000,
    );
    assert.deepStrictEqual(servers, [
      { name: 'lab', url: lab.url, username: 'admin' },
      { name: 'open-lab', url: open.url },
    ]);
    assert.ok(!fs.readFileSync(session.settingsPath, 'utf8').includes(TOKEN), 'the token is in settings.json');
    const holding = session.userDataFiles().filter((f) => fs.readFileSync(f).includes(TOKEN));
    assert.deepStrictEqual(holding, [], 'files of the VS Code profile hold the token');
    const asked = [...lab.requests, ...open.requests].map((r) => `${r.method} ${r.path}`);
    assert.deepStrictEqual(asked, [], 'importing asked a server something');
    await session.clearNotifications();
  });

  it("follows a job on the imported servers: the token identity's server gets its token, the other none", async function () {
    this.timeout(180_000);
    const { session } = vsc;
    const records = loadOutputYaml('complete');
    // Private: without the token the lab answers 404, and the follow fails.
    lab.addRestJob({ id: '71', records, health: 'Complete', private: true, linesPerSecond: 600, batchIntervalMs: 300, finishDelayMs: 300 });
    open.addRestJob({ id: '72', records, health: 'Complete', linesPerSecond: 600, batchIntervalMs: 300, finishDelayMs: 300 });

    await followOn(session, '71', 'lab');
    await followOn(session, '72', 'open-lab');
    await session.waitForNotification(/^LAVA job 71 Complete/, 60_000);
    await session.waitForNotification(/^LAVA job 72 Complete/, 60_000);

    // The token, and nothing else: `Token …` on REST, Basic `admin:token` (the identity's username) on /RPC2.
    const labAuth = [...new Set(requestsFor(lab, '71').map((r) => r.authorization))].sort();
    assert.ok(requestsFor(lab, '71').length > 0);
    assert.deepStrictEqual(labAuth, [`Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}`, `Token ${TOKEN}`]);
    assert.ok(requestsFor(open, '72').length > 0);
    assert.deepStrictEqual(
      open.requests.filter((r) => r.authorization !== undefined).map((r) => r.path),
      [],
      'the server of the identity without a token was sent an Authorization header',
    );

    // Several servers: each channel is named with its server; the private job's log is there whole.
    const want = parseRecords(records.join('\n') + '\n')
      .records.map((r) => formatRecord(r, { time: 'utc' }))
      .join('');
    const text = (
      await session.waitForChannelText(/^LAVA job 71 \(lab\)$/, (t) => splitNotices(t).log.length >= want.length, 30_000)
    ).toString('utf8');
    assert.strictEqual(splitNotices(text).log, want);
    assert.ok(session.readOutputChannel(/^LAVA job 72 \(open-lab\)$/), 'no channel "LAVA job 72 (open-lab)"');
  });
});
