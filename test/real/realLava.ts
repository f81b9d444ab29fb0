import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../simulator/fixtures';

/** The real LAVA server brought up by ../shared/real-lava/up.sh, when there is one. */
export interface RealLava {
  url: string;
  token: string;
  scripts: string;
  /** LAVA_PROXY_URL: Apache in front, REST, /RPC2 and the events socket /ws/ on one origin (as production servers). */
  proxyUrl?: string;
  /** LAVA_USER: the token's user (XML-RPC takes HTTP Basic user:token). */
  user?: string;
}

export function realLava(): RealLava | undefined {
  const envFile = process.env.REAL_LAVA_ENV ?? '/tmp/real-lava/env';
  if (!existsSync(envFile)) return undefined;
  const env: Record<string, string> = {};
  for (const line of readFileSync(envFile, 'utf8').split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line);
    if (m) env[m[1]] = m[2];
  }
  const scripts = process.env.REAL_LAVA_SCRIPTS ?? path.resolve(repoRoot(), '..', 'shared', 'real-lava');
  if (!env.LAVA_URL || !env.LAVA_TOKEN || !existsSync(path.join(scripts, 'submit.sh'))) return undefined;
  return { url: env.LAVA_URL, token: env.LAVA_TOKEN, scripts, proxyUrl: env.LAVA_PROXY_URL || undefined, user: env.LAVA_USER || undefined };
}

/**
 * Submits `job.yaml` (Complete) or `job-fail.yaml` (Incomplete) and returns the job id. `loopSleep`
 * (seconds, submit.sh's LOOP_SLEEP) lengthens the job's 150-step progress loop (0.3 s by default).
 */
export function submit(lava: RealLava, kind: 'complete' | 'fail', loopSleep?: number): string {
  const env = loopSleep === undefined ? process.env : { ...process.env, LOOP_SLEEP: String(loopSleep) };
  const out = execFileSync('bash', [path.join(lava.scripts, 'submit.sh'), kind === 'fail' ? 'fail' : 'complete'], {
    encoding: 'utf8',
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const id = out.trim().split('\n').pop()!;
  if (!/^\d+$/.test(id)) throw new Error(`submit.sh printed no job id: ${out}`);
  return id;
}

/** Skips the suite when no real LAVA is up, unless CI says it must be there. */
export function requireRealLava(ctx: Mocha.Context): RealLava | undefined {
  const lava = realLava();
  if (!lava) {
    if (process.env.REQUIRE_REAL_LAVA === '1') throw new Error('REQUIRE_REAL_LAVA=1 but no real LAVA env file / scripts found');
    ctx.skip();
  }
  return lava;
}

/** GET on the real LAVA's REST API as its admin (what the tests compare the editor with). */
export async function lavaGet(lava: RealLava, apiPath: string, accept = 'application/json'): Promise<string> {
  const res = await fetch(`${lava.url}/api/v0.2/${apiPath}`, {
    headers: { Authorization: `Token ${lava.token}`, Accept: accept },
    signal: AbortSignal.timeout(20_000),
  });
  const body = await res.text();
  if (!res.ok) throw new Error(`GET ${apiPath}: HTTP ${res.status}: ${body.slice(0, 300)}`);
  return body;
}
