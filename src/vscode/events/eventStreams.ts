import type * as vscode from 'vscode';
import { ServerConfig, serverForUrl } from '../../core/config/servers';
import { EventSocketFactory, EventStream } from '../../core/events/eventStream';
import { eventsTarget, readMasterConfig } from '../../core/events/eventsTarget';
import type { ServerEvents } from '../../core/events/lavaEvent';
import { wsSocketFactory } from '../../core/events/wsSocket';
import { Credentials, FetchFn } from '../../core/net/http';
import { whoami } from '../../core/protocols/rest/jobList';
import { Clock } from '../../core/util/clock';
import { Emitter } from '../../core/util/emitter';

export interface EventStreamsDeps {
  /** `lava.servers` now. */
  servers: () => readonly ServerConfig[];
  /** The token for a server's requests (the TokenStore). */
  credentials: (serverUrl: string) => Promise<Credentials | undefined>;
  fetch: FetchFn;
  timeoutMs: () => number;
  socket?: EventSocketFactory;
  clock?: Clock;
}

interface Entry {
  server: ServerConfig;
  stream: EventStream;
  leases: number;
  /** The token's user (the server's `username`, else whoami), asked once per stream start. */
  user?: Promise<string | undefined>;
}

/**
 * One EventStream per configured server, running while something needs it: a view visible, a
 * follow, Watch My Jobs each hold a lease (`use(server)`); the last lease given back stops it.
 * `events(server)` is what the LAVA view and follows read: the stream, or undefined when none runs.
 */
export class EventStreams implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly starts = new Emitter<{ server: ServerConfig; events: ServerEvents }>();
  /** A server's stream was started (Watch My Jobs subscribes to it). */
  readonly onDidStart = this.starts.event;

  constructor(private readonly deps: EventStreamsDeps) {}

  /** Keeps `server`'s stream running until the lease is disposed; a server not in `lava.servers` gets none. */
  use(server: ServerConfig): vscode.Disposable {
    const configured = serverForUrl(this.deps.servers(), server.url);
    if (!configured) return { dispose: () => undefined };
    let entry = this.entries.get(configured.url);
    if (!entry) {
      entry = this.create(configured);
      this.entries.set(configured.url, entry);
      entry.leases++;
      entry.stream.start();
      this.starts.fire({ server: configured, events: entry.stream });
    } else entry.leases++;
    const held = entry;
    let given = false;
    return {
      dispose: () => {
        if (given) return;
        given = true;
        if (--held.leases > 0 || this.entries.get(held.server.url) !== held) return;
        held.stream.stop();
        this.entries.delete(held.server.url);
      },
    };
  }

  /** The running stream of a server, if one runs. */
  get(serverUrl: string): ServerEvents | undefined {
    return this.entries.get(serverUrl)?.stream;
  }

  /** For the LAVA view: `(server) => ServerEvents | undefined`. */
  readonly events = (server: ServerConfig): ServerEvents | undefined => this.get(server.url);

  /** The token's user on a server with a running stream (the server's `username`, else whoami). */
  user(serverUrl: string): Promise<string | undefined> {
    const entry = this.entries.get(serverUrl);
    if (!entry) return Promise.resolve(undefined);
    if (!entry.user) {
      const asked = this.askUser(entry.server);
      entry.user = asked;
      // Not known (no token yet, whoami failed): asked again next time rather than remembered.
      void asked.then((user) => {
        if (user === undefined && entry.user === asked) entry.user = undefined;
      });
    }
    return entry.user;
  }

  /** Every running server's stream, with its server. */
  list(): { server: ServerConfig; events: ServerEvents }[] {
    return [...this.entries.values()].map((e) => ({ server: e.server, events: e.stream }));
  }

  /**
   * The settings changed: a stream whose server is gone stops; one whose server's entry changed
   * (its URL, `events`, `username`) connects again with it; the others go on.
   */
  refresh(): void {
    const servers = this.deps.servers();
    for (const [url, entry] of [...this.entries]) {
      const now = serverForUrl(servers, url);
      if (!now) {
        entry.stream.stop();
        this.entries.delete(url);
      } else if (JSON.stringify(now) !== JSON.stringify(entry.server)) {
        entry.server = now;
        this.restart(entry);
      }
    }
  }

  /** A server's token changed (set, forgotten): its stream connects again (a refused one tries the new token). */
  tokenChanged(serverUrl: string): void {
    const entry = this.entries.get(serverUrl);
    if (entry) this.restart(entry);
  }

  private restart(entry: Entry): void {
    entry.user = undefined;
    entry.stream.restart();
  }

  dispose(): void {
    for (const entry of this.entries.values()) entry.stream.stop();
    this.entries.clear();
    this.starts.dispose();
  }

  private create(server: ServerConfig): Entry {
    const entry: Entry = { server, leases: 0, stream: undefined as unknown as EventStream };
    const request = async () => ({
      fetch: this.deps.fetch,
      timeoutMs: this.deps.timeoutMs(),
      credentials: await this.deps.credentials(entry.server.url),
      clock: this.deps.clock,
    });
    entry.stream = new EventStream({
      socket: this.deps.socket ?? wsSocketFactory,
      clock: this.deps.clock,
      timeoutMs: this.deps.timeoutMs(),
      target: async () => {
        const opts = await request();
        return eventsTarget(entry.server, () => readMasterConfig(entry.server.url, opts));
      },
      login: async () => {
        const credentials = await this.deps.credentials(entry.server.url);
        if (!credentials) return undefined;
        const username = await this.user(entry.server.url);
        return username ? { username, token: credentials.token } : undefined;
      },
    });
    return entry;
  }

  private async askUser(server: ServerConfig): Promise<string | undefined> {
    if (server.username) return server.username;
    const credentials = await this.deps.credentials(server.url);
    if (!credentials) return undefined;
    try {
      return await whoami(server.url, { fetch: this.deps.fetch, timeoutMs: this.deps.timeoutMs(), credentials });
    } catch {
      return undefined;
    }
  }
}
