import type { TestCase } from '../../model/job';
import { LavaError } from '../../net/errors';
import { Credentials, FetchFn } from '../../net/http';
import type { Clock } from '../../util/clock';
import { parseJson } from '../../net/json';
import { Page, readPages } from './pages';
import { restJobUrl } from './restUrls';

/** One test case of a job, from `GET /api/v0.2/jobs/{id}/tests/`. */

export interface ResultsDeps {
  fetch: FetchFn;
  timeoutMs: number;
  credentials?: Credentials;
  signal?: AbortSignal;
  /** The time the timeouts count (tests give a virtual clock). */
  clock?: Clock;
}

/**
 * Cases asked for a page: LAVA's tests list is DRF LimitOffsetPagination without a maximum
 * (checked on LAVA 2023.01: `?limit=` is honoured), so 500 a page reads a 10 000-case job in 20
 * requests of ~350 kB instead of 200 of LAVA's default 50.
 */
export const TESTS_PAGE_LIMIT = 500;
/** Pages read at most: 50 000 cases (core/results/caseResults.ts MAX_CASES). */
export const MAX_PAGES = 100;

export interface TestCases {
  cases: TestCase[];
  /** False when the list was longer than we read (MAX_PAGES pages) or its `next` link left the server. */
  complete: boolean;
}

/** All test cases of a job, page after page (DRF's `next` links, kept on the configured server). */
export async function fetchTestCases(serverUrl: string, jobId: string, deps: ResultsDeps): Promise<TestCases> {
  const pages = await readPages(`${restJobUrl(serverUrl, jobId, 'tests/')}?limit=${TESTS_PAGE_LIMIT}`, deps, parseTestPage, {
    maxPages: MAX_PAGES,
  });
  return { cases: pages.items, complete: pages.complete };
}

function parseTestPage(body: string): Page<TestCase> {
  const page = parseJson(body, 'The test results') as { results?: unknown; next?: unknown } | null;
  if (typeof page !== 'object' || page === null || !Array.isArray(page.results)) {
    throw new LavaError('bad-response', 'The test results have no "results" list.');
  }
  const items = page.results.map((raw) => toTestCase((typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>));
  return { items, next: typeof page.next === 'string' ? page.next : null };
}

function toTestCase(raw: Record<string, unknown>): TestCase {
  const metadata = typeof raw.metadata === 'string' ? raw.metadata : '';
  const definition = /^definition: (.*)$/m.exec(metadata)?.[1];
  const measurement = typeof raw.measurement === 'string' ? trimNumber(raw.measurement) : undefined;
  return {
    suite: definition ? unquote(definition) : String(raw.suite ?? ''),
    name: String(raw.name ?? ''),
    result: String(raw.result ?? 'unknown'),
    measurement,
    unit: typeof raw.unit === 'string' && raw.unit ? raw.unit : undefined,
    ...logLines(raw.start_log_line, raw.end_log_line),
  };
}

/** `start_log_line`/`end_log_line` when they are non-negative integers (LAVA gives null when it has none). */
function logLines(start: unknown, end: unknown): Pick<TestCase, 'startLogLine' | 'endLogLine'> {
  const line = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined);
  const out: Pick<TestCase, 'startLogLine' | 'endLogLine'> = {};
  if (line(start) !== undefined) out.startLogLine = line(start);
  if (line(end) !== undefined) out.endLogLine = line(end);
  return out;
}

/** `0.0100000000` → `0.01`, as LAVA's web page shows it. */
function trimNumber(text: string): string {
  return /^-?\d+\.\d+$/.test(text) ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

function unquote(text: string): string {
  return /^'.*'$/.test(text) ? text.slice(1, -1).replace(/''/g, "'") : text;
}
