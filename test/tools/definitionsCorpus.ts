// The job definitions corpus of issue 23's differential test (test/fixtures/definitions/, see its
// README): listing it, the stored answers of LAVA 2023.01's scheduler.jobs.validate, and asking a real
// server again (the recording tool and the e2e re-check both ask through `askServer`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeResponse, encodeCall } from '../../src/core/protocols/xmlrpc';
import { repoRoot } from '../simulator/fixtures';

export const corpusDir = (): string => path.join(repoRoot(), 'test', 'fixtures', 'definitions');
export const verdictsFile = (): string => path.join(corpusDir(), 'verdicts.json');

/** LAVA's answer to one definition, in strict mode. */
export interface ServerVerdict {
  valid: boolean;
  /** voluptuous' message (`msg`), or the fault's text when the server could not read the YAML. */
  message: string;
  /** voluptuous' path as LAVA words it (`['timeouts', 'job']`), when it gives one. */
  path?: string;
  /** An XML-RPC fault (not a schema answer): the text is not YAML, or not a mapping LAVA can read. */
  fault?: boolean;
}

export interface StoredVerdicts {
  /** Where and how the answers were asked. */
  server: string;
  method: string;
  /** Corpus file (relative to the corpus folder, `/`-separated) → the answer. */
  verdicts: Record<string, ServerVerdict>;
}

/** Every corpus definition, relative to the corpus folder, sorted. */
export function listCorpus(dir: string = corpusDir()): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.yaml')) out.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

export function readCorpusItem(rel: string): string {
  return fs.readFileSync(path.join(corpusDir(), rel), 'utf8');
}

export function readStoredVerdicts(): StoredVerdicts {
  return JSON.parse(fs.readFileSync(verdictsFile(), 'utf8')) as StoredVerdicts;
}

/** Asks `scheduler.jobs.validate(definition, strict=True)` on `<origin>/RPC2` (HTTP Basic user:token when given). */
export async function askServer(
  origin: string,
  text: string,
  auth?: { user: string; token: string },
  timeoutMs = 20_000,
): Promise<ServerVerdict> {
  const headers: Record<string, string> = { 'Content-Type': 'text/xml' };
  if (auth) headers.Authorization = 'Basic ' + Buffer.from(`${auth.user}:${auth.token}`).toString('base64');
  const res = await fetch(`${origin.replace(/\/+$/, '')}/RPC2`, {
    method: 'POST',
    headers,
    body: encodeCall('scheduler.jobs.validate', [text, true]),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = await res.text();
  if (!res.ok) throw new Error(`/RPC2: HTTP ${res.status}: ${body.slice(0, 200)}`);
  const answer = decodeResponse(body);
  if (answer.kind === 'fault') return { valid: false, fault: true, message: answer.message };
  const v = answer.value;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`/RPC2: unexpected answer ${body.slice(0, 200)}`);
  if (Object.keys(v).length === 0) return { valid: true, message: '' };
  return { valid: false, message: String(v.msg ?? ''), path: v.path === undefined ? undefined : String(v.path) };
}

/** Asks the server about each item, `concurrency` requests at a time; answers in the items' order. */
export async function askServerAll(
  origin: string,
  items: readonly string[],
  auth?: { user: string; token: string },
  concurrency = 4,
): Promise<ServerVerdict[]> {
  const out: ServerVerdict[] = new Array<ServerVerdict>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await askServer(origin, readCorpusItem(items[i]), auth);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return out;
}
