import type { ServerConfig } from '../../core/config/servers';

/** What the LAVA view needs of the event streams' registry (EventStreams). */
export interface StreamRegistry {
  use(server: ServerConfig): { dispose(): void };
  get(serverUrl: string): unknown;
}

/**
 * The LAVA view's hold on each configured server's event stream: held while one of its views is
 * visible, given back when none is (a stream runs only while something uses it: an editor with the
 * view closed asks no server anything). `update` is called when the visibility or the servers change,
 * before the view itself looks (so it finds the stream running).
 */
export class ViewStreamLeases {
  private readonly leases = new Map<string, { dispose(): void }>();

  constructor(
    private readonly streams: StreamRegistry,
    private readonly servers: () => readonly ServerConfig[],
  ) {}

  update(visible: boolean): void {
    const wanted = visible ? this.servers() : [];
    for (const [url, lease] of this.leases) {
      // A server gone, or its stream stopped (its entry changed in the settings): given back, then taken again below.
      if (!wanted.some((s) => s.url === url) || !this.streams.get(url)) {
        lease.dispose();
        this.leases.delete(url);
      }
    }
    for (const server of wanted) if (!this.leases.has(server.url)) this.leases.set(server.url, this.streams.use(server));
  }

  dispose(): void {
    this.update(false);
  }
}
