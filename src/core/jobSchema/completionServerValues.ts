// core/jobSchema — names only the server knows (device types, device tags, hostnames), cached per server.
/**
 * Completion asks on every keystroke; the server is asked at most once per server and kind every
 * CACHE_MS (the answer kept), or FAILED_CACHE_MS after a failure (offline, refused, no token for
 * tags: nothing offered, no error shown). One request at a time per server and kind: callers during
 * a read share it. Lists are read through the REST client (core/protocols/rest/devices.ts: pages of
 * 200, at most 2 000 names) and time comes from the injectable clock.
 */
import { ServerValueKind } from '../model/jobSchema';
import { Clock } from '../util/clock';
import { ListDeps } from '../protocols/rest/jobList';
import { listDevices, listDeviceTypes, listTags } from '../protocols/rest/devices';

/** How long a server's list is kept. */
export const CACHE_MS = 5 * 60_000;
/** How long a failed read is remembered (nothing offered meanwhile). */
export const FAILED_CACHE_MS = 60_000;
/** The most servers × kinds kept. */
const MAX_ENTRIES = 64;

export type ReadNames = (serverUrl: string, kind: ServerValueKind) => Promise<string[]>;

/** The REST reader of each kind's names. */
export function restNames(deps: (serverUrl: string) => Promise<ListDeps>): ReadNames {
  return async (serverUrl, kind) => {
    const d = await deps(serverUrl);
    switch (kind) {
      case 'device-type':
        return (await listDeviceTypes(serverUrl, d)).map((t) => t.name);
      case 'device-tag':
        return await listTags(serverUrl, d);
      case 'device-hostname':
        return (await listDevices(serverUrl, d)).filter((x) => x.health !== 'Retired').map((x) => x.hostname);
    }
  };
}

interface Entry {
  names: string[];
  until: number;
  reading?: Promise<string[]>;
}

export class ServerValues {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly read: ReadNames,
    private readonly clock: Pick<Clock, 'now'>,
  ) {}

  /** The names if a fresh answer is cached; undefined otherwise (a read is then started). */
  peek(serverUrl: string, kind: ServerValueKind): string[] | undefined {
    const entry = this.entries.get(key(serverUrl, kind));
    if (entry && entry.until > this.clock.now()) return entry.names;
    void this.get(serverUrl, kind);
    return undefined;
  }

  /** The names (cached, or read now); never rejects: [] when the server cannot be read. */
  get(serverUrl: string, kind: ServerValueKind): Promise<string[]> {
    const k = key(serverUrl, kind);
    const entry = this.entries.get(k);
    const now = this.clock.now();
    if (entry?.reading) return entry.reading;
    if (entry && entry.until > now) return Promise.resolve(entry.names);
    const reading = this.read(serverUrl, kind).then(
      (names) => {
        this.store(k, { names: [...new Set(names)], until: this.clock.now() + CACHE_MS });
        return this.entries.get(k)!.names;
      },
      () => {
        const old = this.entries.get(k)?.names ?? [];
        this.store(k, { names: old, until: this.clock.now() + FAILED_CACHE_MS });
        return old;
      },
    );
    this.store(k, { names: entry?.names ?? [], until: 0, reading });
    return reading;
  }

  /** Forget every server's names (servers or tokens changed). */
  clear(): void {
    this.entries.clear();
  }

  private store(k: string, entry: Entry): void {
    this.entries.delete(k);
    this.entries.set(k, entry);
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
  }
}

function key(serverUrl: string, kind: ServerValueKind): string {
  return `${kind} ${serverUrl}`;
}
