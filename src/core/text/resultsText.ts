import { logLineTarget, revealLogLineUri } from '../document/logLineLink';
import { TestCase } from '../model/job';
import type { CaseChange, CaseComparison, CaseResult } from '../model/results';
import { markdownText, plainLine } from '../untrusted/plainForSurface';

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

/** The job whose log a results summary links to. */
export interface ResultsLogLinks {
  serverUrl: string;
  jobId: string;
}

/**
 * A Markdown summary of a job's results, suite by suite, failures first within a suite.
 * Every text from the server (suite, case name, measurement, unit, result) and the title are
 * escaped (core/untrusted/plainForSurface.ts `markdownText`): they are shown as written, never as markup.
 *
 * With `links`, a case whose `start_log_line` the server gave gets a `log` cell: `line N`
 * (LAVA's numbering, as on its job page), a link that opens the job log document there
 * (`command:lava.revealLogLine`, built from `links` and the integer alone: no server text
 * is ever part of a link target).
 */
export function formatTestResults(title: string, cases: readonly TestCase[], complete = true, links?: ResultsLogLinks): string {
  const lines = [`# ${markdownText(title)}`, ''];
  if (!complete) lines.push(`_Only the first ${cases.length} test cases were read: the server's list goes on._`, '');
  if (cases.length === 0) return lines.concat('No test results.', '').join('\n');
  lines.push(`**${markdownText(resultCountsText(countResults(cases)))}**`, '');
  const suites = new Map<string, TestCase[]>();
  for (const c of cases) suites.set(c.suite, [...(suites.get(c.suite) ?? []), c]);
  const withLines = links !== undefined && cases.some((c) => logLink(c, links) !== undefined);
  if (withLines) lines.push('_Ctrl+click (Cmd+click on macOS) a line to open the job log there._', '');
  for (const [suite, list] of suites) {
    lines.push(
      `## ${markdownText(suite)} — ${markdownText(resultCountsText(countResults(list)))}`,
      '',
      withLines ? '| result | test case | measurement | log |' : '| result | test case | measurement |',
      withLines ? '|---|---|---|---|' : '|---|---|---|',
    );
    const sorted = [...list].sort((a, b) => Number(b.result === 'fail') - Number(a.result === 'fail'));
    for (const c of sorted) {
      const measure = c.measurement !== undefined ? `${c.measurement}${c.unit ? ` ${c.unit}` : ''}` : '';
      const row = `| ${c.result === 'fail' ? '**fail**' : markdownText(c.result)} | ${markdownText(c.name)} | ${markdownText(measure)} |`;
      lines.push(withLines ? `${row} ${logLink(c, links!) ?? ''} |` : row);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** `[line N](command:lava.revealLogLine?…)` for a case with a start line, else undefined. */
function logLink(c: TestCase, links: ResultsLogLinks): string | undefined {
  const target = c.startLogLine === undefined ? undefined : logLineTarget(links.serverUrl, links.jobId, c.startLogLine);
  if (!target) return undefined;
  return `[line ${target.recordIndex}](${revealLogLineUri(target)} "Open the job log at line ${target.recordIndex}")`;
}

// ---------------------------------------------------------------------------
// Issue 22: the Testing view, the comparison, and a job's results as plain text (a read-only document).
// Server text (suite, case, result, measurement, unit, message) goes through `plainText` alone: one line,
// controls, bidi and invisible characters visible, bounded, no `$(icon)`.

/** The longest server text in a line of a results document or a test message. */
const TEXT_MAX = 300;
/** The longest message (a failing case's reason) shown. */
const MESSAGE_MAX = 1000;

/**
 * Server text where VS Code shows text (a document line, a test message): one line, every control,
 * bidi or invisible character visible, bounded; no codicon (`$(` → `$ (`), nothing a Markdown or
 * link detector could take for a link (`](` → `] (`, `command:x` → `command: x`, as plainNotification).
 */
function plainText(text: string, max = TEXT_MAX): string {
  return plainLine(text, max)
    .replace(/\$\(/g, '$ (')
    .replace(/\]\(/g, '] (')
    .replace(/\b(command|file|vscode|vscode-insiders):(?=\S)/gi, '$1: ');
}

/** Counts by outcome (a result word LAVA does not know is `unknown`: its text never reaches a count line). */
function outcomeCounts(cases: readonly CaseResult[]): Record<string, number> {
  return countResults(cases.map((c) => ({ result: c.outcome })));
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The finish notification's line on what changed since the previous run (`Since job 120: 2 new
 * failures, 1 newly passing`); undefined when nothing changed. Our words and counts only: the job id
 * is shown only when it is a plain number.
 */
export function comparisonSummary(comparisons: readonly CaseComparison[], previousJobId?: string): string | undefined {
  const n = (change: CaseChange) => comparisons.filter((c) => c.change === change).length;
  const parts = [
    n('newly-failing') ? plural(n('newly-failing'), 'new failure', 'new failures') : '',
    n('newly-passing') ? `${n('newly-passing')} newly passing` : '',
    n('new') ? plural(n('new'), 'new case', 'new cases') : '',
    n('gone') ? plural(n('gone'), 'case gone', 'cases gone') : '',
    n('measurement-moved') ? plural(n('measurement-moved'), 'measurement moved', 'measurements moved') : '',
  ].filter((p) => p !== '');
  if (parts.length === 0) return undefined;
  const since =
    previousJobId !== undefined && /^\d{1,12}$/.test(previousJobId) ? `Since job ${previousJobId}: ` : 'Since the previous run: ';
  return since + parts.join(', ') + '.';
}

/** `0.13 s`, `1.2 s`, `12 ms`… */
export function durationText(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(2))} s`;
}

/** `12.5 MB/s` (server text, made plain). */
export function measurementText(c: Pick<CaseResult, 'measurement' | 'unit'>): string {
  if (c.measurement === undefined) return '';
  return plainText(c.unit ? `${c.measurement} ${c.unit}` : c.measurement);
}

/**
 * A case's message for the Testing view (a TestMessage of plain text): the reason LAVA gave, else
 * the result; then its measurement. Every server text made plain.
 */
export function caseMessageText(c: CaseResult): string {
  const lines: string[] = [];
  if (c.message !== undefined) lines.push(plainText(c.message, MESSAGE_MAX));
  if (c.outcome === 'fail') lines.push(`${plainText(c.name)} failed (LAVA result: ${plainText(c.result)}).`);
  else lines.push(`LAVA result: ${plainText(c.result)}.`);
  if (c.measurement !== undefined) lines.push(`Measurement: ${measurementText(c)}.`);
  return lines.join('\n');
}

/** `pass`, `FAIL`… as a results document's first column. */
function resultColumn(c: CaseResult): string {
  const word = c.outcome === 'unknown' ? plainText(c.result, 12) : c.outcome;
  return (c.outcome === 'fail' ? 'FAIL' : word).padEnd(8);
}

/**
 * A job's results as plain text (no Markdown) for a read-only document: counts, then suite by suite
 * (the user's first, LAVA's own last), failures first within a suite, each case on one line with its
 * measurement, duration and log line (LAVA's `L<n>`), a failure's message indented below it.
 */
export function resultsPlainText(title: string, cases: readonly CaseResult[], complete = true): string {
  const lines = [plainText(title), ''];
  if (!complete) lines.push(`Only the first ${cases.length} test cases were read: the server's list goes on.`, '');
  if (cases.length === 0) return lines.concat('No test results.', '').join('\n');
  lines.push(resultCountsText(outcomeCounts(cases)), '');
  const suites = new Map<string, CaseResult[]>();
  for (const c of cases) {
    const list = suites.get(c.suite);
    if (list) list.push(c);
    else suites.set(c.suite, [c]);
  }
  const names = [...suites.keys()].sort((a, b) => Number(a === 'lava') - Number(b === 'lava'));
  for (const suite of names) {
    const list = suites.get(suite)!;
    lines.push(`${plainText(suite)} (${resultCountsText(outcomeCounts(list))})`);
    const sorted = [...list].sort((a, b) => Number(b.outcome === 'fail') - Number(a.outcome === 'fail'));
    for (const c of sorted) {
      const facts = [
        c.measurement !== undefined ? measurementText(c) : '',
        c.durationMs !== undefined ? durationText(c.durationMs) : '',
        c.logIndex !== undefined ? `line ${c.logIndex}` : '',
      ].filter((f) => f !== '');
      lines.push(`  ${resultColumn(c)}${plainText(c.name)}${facts.length ? `  (${facts.join(', ')})` : ''}`);
      if (c.message !== undefined && c.outcome !== 'pass') lines.push(`          ${plainText(c.message, MESSAGE_MAX)}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

const CHANGE_WORDS: Record<CaseChange, string> = {
  'newly-failing': 'Newly failing',
  'still-failing': 'Still failing',
  new: 'New',
  gone: 'Gone',
  'measurement-moved': 'Measurement moved',
  'newly-passing': 'Newly passing',
  unchanged: 'Unchanged',
};

/**
 * A comparison of two jobs as plain text for a read-only document: the summary, then each kind of
 * change (unchanged cases counted, not listed), the user's suites before LAVA's own.
 */
export function comparisonPlainText(title: string, comparisons: readonly CaseComparison[]): string {
  const lines = [plainText(title), '', comparisonSummary(comparisons) ?? 'Nothing changed.', ''];
  for (const change of Object.keys(CHANGE_WORDS) as CaseChange[]) {
    const list = comparisons.filter((c) => c.change === change);
    if (list.length === 0) continue;
    if (change === 'unchanged') {
      lines.push(`${CHANGE_WORDS[change]}: ${plural(list.length, 'case', 'cases')}.`, '');
      continue;
    }
    lines.push(`${CHANGE_WORDS[change]} (${list.length})`);
    const sorted = [...list].sort((a, b) => Number(a.suite === 'lava') - Number(b.suite === 'lava'));
    for (const c of sorted) lines.push(`  ${plainText(c.suite)} / ${plainText(c.name)}${changeDetail(c)}`);
    lines.push('');
  }
  return lines.join('\n');
}

function changeDetail(c: CaseComparison): string {
  const side = (r: CaseResult | undefined) =>
    r === undefined ? '—' : r.measurement !== undefined ? `${plainText(r.result, 20)} ${measurementText(r)}` : plainText(r.result, 20);
  if (c.change === 'new') return `  (${side(c.after)})`;
  if (c.change === 'gone') return `  (was ${side(c.before)})`;
  return `  (${side(c.before)} → ${side(c.after)})`;
}
