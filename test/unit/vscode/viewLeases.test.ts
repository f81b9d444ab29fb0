// The LAVA view holds a server's event stream only while one of its views is visible.
import assert from 'node:assert/strict';
import type { ServerConfig } from '../../../src/core/config/servers';
import { StreamRegistry, ViewStreamLeases } from '../../../src/vscode/events/viewLeases';

/** A registry that runs a stream per server while it has leases (as EventStreams: a stopped stream's old leases do nothing). */
class Registry implements StreamRegistry {
  private readonly streams = new Map<string, { leases: number }>();
  started = 0;
  use(server: ServerConfig): { dispose(): void } {
    let stream = this.streams.get(server.url);
    if (!stream) {
      stream = { leases: 0 };
      this.streams.set(server.url, stream);
      this.started++;
    }
    stream.leases++;
    const held = stream;
    let given = false;
    return {
      dispose: () => {
        if (given || this.streams.get(server.url) !== held) return;
        given = true;
        if (--held.leases === 0) this.streams.delete(server.url);
      },
    };
  }
  get(serverUrl: string): unknown {
    return this.streams.get(serverUrl);
  }
  /** The settings changed: the server's stream stops (its leases are stale). */
  stop(serverUrl: string): void {
    this.streams.delete(serverUrl);
  }
  get held(): [string, number][] {
    return [...this.streams].map(([url, s]) => [url, s.leases]);
  }
}

const A: ServerConfig = { name: 'a', url: 'https://a.example' };
const B: ServerConfig = { name: 'b', url: 'https://b.example' };

describe('ViewStreamLeases (the LAVA view holds streams while visible)', () => {
  it('holds no stream while no view is visible, one per server while one is, none again once hidden', () => {
    const registry = new Registry();
    let servers = [A, B];
    const leases = new ViewStreamLeases(registry, () => servers);
    leases.update(false);
    assert.equal(registry.held.length, 0, 'a stream started with the view closed');
    leases.update(true);
    leases.update(true);
    assert.deepEqual(registry.held, [
      [A.url, 1],
      [B.url, 1],
    ]);
    servers = [A];
    leases.update(true);
    assert.deepEqual(registry.held, [[A.url, 1]], 'a removed server kept its stream');
    leases.update(false);
    assert.equal(registry.held.length, 0);
  });

  it("takes a server's stream again when the registry stopped it (its entry changed), and gives all back on dispose", () => {
    const registry = new Registry();
    const leases = new ViewStreamLeases(registry, () => [A]);
    leases.update(true);
    registry.stop(A.url); // the settings changed: the old lease is stale
    leases.update(true);
    assert.equal(registry.started, 2);
    assert.deepEqual(registry.held, [[A.url, 1]]);
    leases.dispose();
    assert.equal(registry.held.length, 0);
  });
});
