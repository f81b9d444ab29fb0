import { LavaError } from './errors';
import { Credentials, FetchFn, httpGet } from './http';
import { restJobUrl } from './restJob';

/** One test case of a job, from `GET /api/v0.2/jobs/{id}/tests/`. */
export interface TestCase {
  suite: string;
  name: string;
  result: string;
  measurement?: string;
  unit?: string;
}

export interface ResultsDeps {
  fetch: FetchFn;
  timeoutMs: number;
  credentials?: Credentials;
  signal?: AbortSignal;
}

const MAX_PAGES = 50;

/** All test cases of a job, following the paginated `next` links on the same server. */
export async function fetchTestCases(serverUrl: string, jobId: string, deps: ResultsDeps): Promise<TestCase[]> {
  const cases: TestCase[] = [];
  const origin = new URL(serverUrl).origin;
  let url: string | null = restJobUrl(serverUrl, jobId, 'tests/');
  for (let page = 0; url && page < MAX_PAGES; page++) {
    const res = await httpGet(url, deps);
    let body: { results?: unknown; next?: unknown };
    try {
      body = JSON.parse(res.body) as typeof body;
    } catch {
      throw new LavaError('bad-response', 'The test results are not JSON.');
    }
    if (!Array.isArray(body.results)) throw new LavaError('bad-response', 'The test results have no "results" list.');
    for (const raw of body.results as Record<string, unknown>[]) cases.push(toTestCase(raw));
    // `next` is absolute; never follow it (with the token) to another origin.
    url = typeof body.next === 'string' && new URL(body.next).origin === origin ? body.next : null;
  }
  return cases;
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
  };
}

/** `0.0100000000` → `0.01`, as LAVA's web page shows it. */
function trimNumber(text: string): string {
  return /^-?\d+\.\d+$/.test(text) ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

function unquote(text: string): string {
  return /^'.*'$/.test(text) ? text.slice(1, -1).replace(/''/g, "'") : text;
}

/** Counts by result: `{pass: 12, fail: 1}`. */
export function countResults(cases: readonly { result: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of cases) counts[c.result] = (counts[c.result] ?? 0) + 1;
  return counts;
}

/** `12 passed, 1 failed, 2 skipped` (only the results present). */
export function resultCountsText(counts: Record<string, number>): string {
  const words: Record<string, string> = { pass: 'passed', fail: 'failed', skip: 'skipped', unknown: 'unknown' };
  return Object.entries(counts)
    .sort(([a], [b]) => order(a) - order(b))
    .map(([result, n]) => `${n} ${words[result] ?? result}`)
    .join(', ');
}

function order(result: string): number {
  const i = ['pass', 'fail', 'skip', 'unknown'].indexOf(result);
  return i < 0 ? 99 : i;
}

/** A Markdown summary of a job's results, suite by suite, failures first within a suite. */
export function formatTestResults(title: string, cases: readonly TestCase[]): string {
  const lines = [`# ${title}`, ''];
  if (cases.length === 0) return lines.concat('No test results.', '').join('\n');
  lines.push(`**${resultCountsText(countResults(cases))}**`, '');
  const suites = new Map<string, TestCase[]>();
  for (const c of cases) suites.set(c.suite, [...(suites.get(c.suite) ?? []), c]);
  for (const [suite, list] of suites) {
    lines.push(`## ${suite} — ${resultCountsText(countResults(list))}`, '', '| result | test case | measurement |', '|---|---|---|');
    const sorted = [...list].sort((a, b) => Number(b.result === 'fail') - Number(a.result === 'fail'));
    for (const c of sorted) {
      const measure = c.measurement !== undefined ? `${c.measurement}${c.unit ? ` ${c.unit}` : ''}` : '';
      lines.push(`| ${c.result === 'fail' ? '**fail**' : c.result} | ${escapeCell(c.name)} | ${escapeCell(measure)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
