// Settings, servers, tokens and the follows a window reload resumes, over the fake `vscode`
// (configuration, SecretStorage, workspace state, input boxes and quick picks).
import { fake, FakeMemento, FakeSecretStorage } from './fake';
import { quickJob, World, world } from './harness';
import assert from 'node:assert/strict';
import { defaultFollowOptions } from '../../../src/core/follow/follower';
import { FollowMemory, RESUMED_NOTICE } from '../../../src/vscode/follow/followMemory';
import { FOLLOWED_JOBS_KEY } from '../../../src/vscode/followMemoryKeys';
import { getFollowSettings, getServers, getValidateOnSave } from '../../../src/vscode/settings';
import { TokenStore } from '../../../src/vscode/tokenStore';
import { pickServer, serverFromArgument } from '../../../src/vscode/workflows/pickServer';

describe('settings, servers, tokens, follow memory (fake vscode)', function () {
  this.timeout(20000);

  describe('settings', () => {
    beforeEach(() => fake.reset());

    it('defaults when nothing is set', () => {
      const s = getFollowSettings();
      assert.equal(s.timeoutMs, 30000);
      assert.equal(s.follow.minDelayMs, defaultFollowOptions.minDelayMs);
      assert.equal(s.follow.maxDelayMs, defaultFollowOptions.maxDelayMs);
      assert.equal(s.format.time, 'utc');
      assert.equal(s.format.levels, undefined);
      assert.equal(getValidateOnSave(), true);
      assert.deepEqual(getServers(), []);
    });

    it('the delays the user set, in seconds; a max below the min is the min; nonsense is the default', () => {
      fake.setSetting('lava.pollMinDelaySeconds', 2);
      fake.setSetting('lava.pollMaxDelaySeconds', 1);
      fake.setSetting('lava.requestTimeoutSeconds', -5);
      const s = getFollowSettings();
      assert.equal(s.follow.minDelayMs, 2000);
      assert.equal(s.follow.maxDelayMs, 2000);
      assert.equal(s.timeoutMs, 30000);
    });

    it('log levels: the strings only', () => {
      fake.setSetting('lava.logLevels', ['info', 3, 'error']);
      assert.deepEqual([...getFollowSettings().format.levels!], ['info', 'error']);
    });

    it('servers: invalid entries are skipped, a missing name is the host', () => {
      fake.setSetting('lava.servers', [{ url: 'https://lava.example.org/' }, { name: 'x', url: 'ftp://nope' }, 'junk']);
      assert.deepEqual(
        getServers().map((s) => [s.name, s.url]),
        [['lava.example.org', 'https://lava.example.org']],
      );
    });
  });

  describe('pickServer', () => {
    beforeEach(() => fake.reset());

    it('one server: it, without a question', async () => {
      fake.setSetting('lava.servers', [{ name: 'lab', url: 'https://lab.example.org' }]);
      assert.equal((await pickServer('T'))?.name, 'lab');
      assert.equal(fake.quickPicks.length + fake.inputBoxes.length, 0);
    });

    it('several: a quick pick of them', async () => {
      fake.setSetting('lava.servers', [
        { name: 'a', url: 'https://a.example.org' },
        { name: 'b', url: 'https://b.example.org' },
      ]);
      fake.answerQuickPicks((items) => items[1]);
      assert.equal((await pickServer('T'))?.name, 'b');
      assert.deepEqual(
        fake.quickPicks[0].items.map((i: { label: string; description: string }) => [i.label, i.description]),
        [
          ['a', 'https://a.example.org'],
          ['b', 'https://b.example.org'],
        ],
      );
    });

    it('none: the URL is asked (checked in the box) and saved to the user settings', async () => {
      fake.answerInputs(() => 'https://new.example.org/');
      const server = await pickServer('T');
      assert.equal(server?.url, 'https://new.example.org');
      assert.deepEqual(fake.setting('lava.servers'), [{ name: 'new.example.org', url: 'https://new.example.org' }]);
      const validate = fake.inputBoxes[0].options.validateInput;
      assert.equal(validate('https://ok.example.org'), undefined);
      assert.equal(validate('not a url').severity, 3 /* Error */);
    });

    it('dismissed: nothing saved', async () => {
      assert.equal(await pickServer('T'), undefined);
      assert.equal(fake.setting('lava.servers'), undefined);
    });

    it('an argument that is not a server URL is refused with a message', async () => {
      assert.equal(await serverFromArgument('javascript:alert(1)', 'LAVA: Set Token…'), undefined);
      assert.equal(fake.messages[0].severity, 'error');
      assert.match(fake.messages[0].message, /^LAVA: Set Token…: /);
    });
  });

  describe('TokenStore over SecretStorage', () => {
    const URL_HTTPS = 'https://lab.example.org';
    const URL_HTTP = 'http://lab2.example.org';
    let secrets: FakeSecretStorage;
    beforeEach(() => {
      fake.reset();
      secrets = new FakeSecretStorage();
      fake.setSetting('lava.servers', [
        { name: 'lab', url: URL_HTTPS },
        { name: 'lab2', url: URL_HTTP },
      ]);
    });

    it('a token is kept under the server URL and handed out for that configured server only', async () => {
      const tokens = new TokenStore(secrets as never);
      await tokens.set(URL_HTTPS, 'abcdefabcdef0123456789');
      assert.deepEqual([...secrets.values.keys()], [`lava.token:${URL_HTTPS}`]);
      assert.deepEqual(await tokens.credentials(URL_HTTPS), { serverUrl: URL_HTTPS, token: 'abcdefabcdef0123456789' });
      await secrets.store('lava.token:https://evil.example.org', 'abcdefabcdef0123456789');
      assert.equal(await tokens.credentials('https://evil.example.org'), undefined);
    });

    it('an invalid token is refused when set, and one stored by an older version is never sent (told once)', async () => {
      const tokens = new TokenStore(secrets as never);
      await assert.rejects(tokens.set(URL_HTTPS, 'bad token\n'), /Not a valid LAVA token/);
      await secrets.store(`lava.token:${URL_HTTPS}`, 'bad token\n');
      assert.equal(await tokens.credentials(URL_HTTPS), undefined);
      assert.equal(await tokens.credentials(URL_HTTPS), undefined);
      assert.equal(fake.messages.length, 1);
      assert.equal(fake.messages[0].severity, 'warning');
      assert.doesNotMatch(fake.messages[0].message, /bad token/);
    });

    it('plain http:// to another machine: asked once (modal); Cancel keeps the token home', async () => {
      const tokens = new TokenStore(secrets as never);
      await tokens.set(URL_HTTP, 'abcdefabcdef0123456789');
      fake.answerMessages(() => 'Cancel');
      assert.equal(await tokens.credentials(URL_HTTP), undefined);
      assert.equal(await tokens.credentials(URL_HTTP), undefined);
      assert.equal(fake.messages.length, 1);
      assert.equal(fake.messages[0].modal, true);
      assert.deepEqual(fake.messages[0].buttons, ['Send Anyway', 'Cancel']);
    });

    it('plain http://: Send Anyway sends it', async () => {
      const tokens = new TokenStore(secrets as never);
      await tokens.set(URL_HTTP, 'abcdefabcdef0123456789');
      fake.answerMessages(() => 'Send Anyway');
      assert.equal((await tokens.credentials(URL_HTTP))?.token, 'abcdefabcdef0123456789');
    });

    it('forget removes it', async () => {
      const tokens = new TokenStore(secrets as never);
      await tokens.set(URL_HTTPS, 'abcdefabcdef0123456789');
      await tokens.forget(URL_HTTPS);
      assert.equal(await tokens.credentials(URL_HTTPS), undefined);
    });
  });

  describe('FollowMemory over the simulator', () => {
    let w: World;
    beforeEach(async () => {
      w = await world();
    });
    afterEach(() => w.stop());

    it('remembers the jobs followed in a channel, not those that only feed a document', async () => {
      const state = new FakeMemento();
      const memory = new FollowMemory(state as never, w.deps.follows);
      quickJob(w.sim, '50', 'Complete', { linesPerSecond: 2 });
      quickJob(w.sim, '51', 'Complete', { linesPerSecond: 2 });
      const server = { name: 'sim', url: w.sim.url, api: 'auto' as const };
      await w.deps.follows.follow(server, '50');
      await w.deps.follows.follow(server, '51', { show: false, notify: false });
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(state.get(FOLLOWED_JOBS_KEY), [{ serverUrl: w.sim.url, jobId: '50' }]);
      memory.dispose();
    });

    it('a reload follows them again, without showing their channels, saying so; junk entries are ignored', async () => {
      const state = new FakeMemento();
      await state.update(FOLLOWED_JOBS_KEY, [{ serverUrl: w.sim.url, jobId: '52' }, { serverUrl: w.sim.url, jobId: '1; rm -rf' }, 'junk']);
      quickJob(w.sim, '52', 'Complete', { linesPerSecond: 2 });
      const memory = new FollowMemory(state as never, w.deps.follows);
      await memory.resume();
      assert.deepEqual(
        w.deps.follows.list().map((j) => j.jobId),
        ['52'],
      );
      const channel = fake.channel('LAVA job 52')!;
      assert.equal(channel.shown, 0);
      await channel.waitFor(RESUMED_NOTICE);
      memory.dispose();
    });
  });
});
