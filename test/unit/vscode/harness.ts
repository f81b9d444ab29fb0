// What the tests of the VS Code layer share: the fake installed (first import), a simulator with
// the extension's dependencies over real HTTP, and a job that runs to its end quickly.
import { fake, FakeSecretStorage } from './fake';
import { ApiDetector } from '../../../src/core/protocols/apiDetect';
import { DocumentServers } from '../../../src/vscode/documentServers';
import { FollowOptions, Follows } from '../../../src/vscode/follow/follows';
import { JobLogDocuments } from '../../../src/vscode/views/jobLogDocuments';
import { resolveServer } from '../../../src/core/config/servers';
import { getServers } from '../../../src/vscode/settings';
import type { FormatOptions } from '../../../src/core/log/format';
import { notifyEnd } from '../../../src/vscode/views/notifications';
import { LoopDeps } from '../../../src/vscode/workflows/restActions';
import { TokenStore } from '../../../src/vscode/tokenStore';
import { DefinitionDiagnostics } from '../../../src/vscode/views/definitionDiagnostics';
import { loadOutputYaml } from '../../simulator/fixtures';
import { Health, LavaSimulator, RestJobOptions } from '../../simulator/server';

export { fake };

export const TOKEN = 'simtoken0123456789abcdef';

/** `lava.servers` with one server per URL, named sim, sim2… */
export function configureServers(...urls: string[]): void {
  fake.setSetting(
    'lava.servers',
    urls.map((url, i) => ({ name: i === 0 ? 'sim' : `sim${i + 1}`, url })),
  );
}

/** Short poll delays (the settings the user may set), so a job is followed to its end in well under a second. */
export function fastSettings(): void {
  fake.setSetting('lava.pollMinDelaySeconds', 0.01);
  fake.setSetting('lava.pollMaxDelaySeconds', 0.05);
  fake.setSetting('lava.requestTimeoutSeconds', 5);
}

/** A REST job that streams its whole captured log at once and ends soon after. */
export function quickJob(sim: LavaSimulator, id: string, health: Health = 'Complete', extra: Partial<RestJobOptions> = {}): void {
  const run = health === 'Complete' ? 'complete' : health === 'Incomplete' ? 'incomplete' : 'canceled';
  sim.addRestJob({ id, records: loadOutputYaml(run), health, batchIntervalMs: 0, linesPerSecond: 100000, finishDelayMs: 50, ...extra });
}

export interface World {
  sim: LavaSimulator;
  secrets: FakeSecretStorage;
  deps: LoopDeps;
  stop(): Promise<void>;
}

/** A fresh fake, a simulator (with a token for user admin), one configured server and its token stored. */
export async function world(opts: { token?: boolean } = {}): Promise<World> {
  fake.reset();
  const sim = await LavaSimulator.start({ port: 0, token: TOKEN });
  configureServers(sim.url);
  fastSettings();
  const secrets = new FakeSecretStorage();
  const tokens = new TokenStore(secrets);
  if (opts.token !== false) await tokens.set(sim.url, TOKEN);
  const f = globalThis.fetch.bind(globalThis);
  const apis = new ApiDetector(f, 5000);
  const follows = new Follows({ tokens, fetch: f, apis });
  // As main.ts wires it: how a job ended is told once, for the follows that tell it.
  follows.onDidChange((e) => {
    if (e.kind === 'ended' && e.follow.notify) void notifyEnd(follows, e.follow, e.end);
  });
  const deps: LoopDeps = {
    follows,
    tokens,
    fetch: f,
    apis,
    diagnostics: new DefinitionDiagnostics(),
    documents: new DocumentServers(),
  };
  return {
    sim,
    secrets,
    deps,
    async stop() {
      const followed = follows.list();
      follows.stopAll();
      await Promise.all(followed.map((j) => j.ended));
      follows.dispose();
      await sim.close();
    },
  };
}

/**
 * Job-log documents over a world (not registered): each document's follow comes from the world's
 * Follows, as main.ts wires it (no channel, no notification), shown with `format`.
 */
export function jobLogDocumentsOf(w: World, format: FormatOptions, options: FollowOptions = {}): JobLogDocuments {
  return new JobLogDocuments(
    (address) => {
      const { server, configured } = resolveServer(getServers(), address.serverUrl);
      return w.deps.follows.follow(server, address.jobId, { anonymous: !configured, channel: false, notify: false, ...options });
    },
    () => format,
  );
}
