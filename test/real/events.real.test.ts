import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { EventStream } from '../../src/core/events/eventStream';
import { eventsTarget, readMasterConfig } from '../../src/core/events/eventsTarget';
import type { JobEvent, LavaEvent } from '../../src/core/events/lavaEvent';
import { wsSocketFactory } from '../../src/core/events/wsSocket';
import { httpGet } from '../../src/core/net/http';
import { RealLava, requireRealLava, submit } from './realLava';

/** LAVA_PROXY_URL: Apache in front of gunicorn and lava-publisher, one origin as production servers. */
function proxyUrl(): string | undefined {
  const envFile = process.env.REAL_LAVA_ENV ?? '/tmp/real-lava/env';
  const m = /^LAVA_PROXY_URL=(.*)$/m.exec(readFileSync(envFile, 'utf8'));
  return m?.[1];
}

describe('event stream against a real LAVA 2023.01 behind Apache', function () {
  this.timeout(3 * 60 * 1000);
  let lava: RealLava;
  let url: string;

  before(function () {
    lava = requireRealLava(this)!;
    const proxy = proxyUrl();
    if (!proxy) this.skip();
    url = proxy!;
  });

  it("master_config says events are on; <origin>/ws/ brings a submitted job's events, mapped, up to its cancel", async () => {
    const config = await readMasterConfig(url, { fetch, timeoutMs: 15000 });
    assert.equal(config.notification, true);
    assert.equal(config.topic, 'org.lavasoftware');
    const stream = new EventStream({
      socket: wsSocketFactory,
      target: () => eventsTarget({ name: 'real', url }, () => readMasterConfig(url, { fetch, timeoutMs: 15000 })),
      login: () => Promise.resolve({ username: 'admin', token: lava.token }),
    });
    const events: LavaEvent[] = [];
    const up = new Promise<void>((resolve) => stream.onState((s) => s.kind === 'up' && resolve()));
    stream.onEvent((e) => events.push(e));
    stream.start();
    try {
      await up;
      const id = submit(lava, 'complete');
      const mine = () => events.filter((e): e is JobEvent => e.kind === 'job' && e.job === id);
      await new Promise<void>((resolve) => {
        const off = stream.onEvent(() => {
          if (mine().some((e) => e.state === 'Running')) {
            off();
            resolve();
          }
        });
      });
      await httpGet(`${url}/api/v0.2/jobs/${id}/cancel/`, { fetch, timeoutMs: 15000, credentials: { serverUrl: url, token: lava.token } });
      await new Promise<void>((resolve) => {
        const off = stream.onEvent(() => {
          if (mine().some((e) => e.state === 'Finished')) {
            off();
            resolve();
          }
        });
      });
      const states = mine().map((e) => e.state);
      assert.equal(states[0], 'Submitted');
      assert.ok(states.includes('Running'), states.join());
      const finished = mine().find((e) => e.state === 'Finished')!;
      assert.equal(finished.health, 'Canceled');
      assert.equal(finished.submitter, 'admin');
      assert.match(finished.device ?? '', /^qemu0\d$/);
      assert.ok(events.some((e) => e.kind === 'device' && e.state === 'Running' && e.job === id));
      assert.equal(stream.counts.malformed, 0);
    } finally {
      stream.stop();
    }
  });
});
