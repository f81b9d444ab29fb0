import { logLineTarget, revealLogLineUri } from '../document/logLineLink';
import { TestCase } from '../model/job';
import type { CaseComparison, CaseResult } from '../model/results';
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

/**
 * The finish notification's line on what changed since the previous run: `2 new failures, 1 newly
 * passing`; undefined when nothing changed. Our words and counts only: no server text.
 */
export function comparisonSummary(comparisons: readonly CaseComparison[]): string | undefined {
  void comparisons;
  return undefined; // TODO
}

/** A case's message for the Testing view (a TestMessage: plain text), one line per fact. */
export function caseMessageText(c: CaseResult): string {
  return plainLine(c.message ?? c.result); // TODO
}

/** A job's results as plain text (no Markdown) for a read-only document. */
export function resultsPlainText(title: string, cases: readonly CaseResult[], complete = true): string {
  void cases;
  void complete;
  return plainLine(title) + '\n'; // TODO
}

/** A comparison of two jobs as plain text for a read-only document. */
export function comparisonPlainText(title: string, comparisons: readonly CaseComparison[]): string {
  void comparisons;
  return plainLine(title) + '\n'; // TODO
}
