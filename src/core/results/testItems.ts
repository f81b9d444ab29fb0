// How a job's test cases become the Testing view's items (issue 22): stable ids, LAVA's own suite
// apart, the occurrence of a case that runs more than once, and what an item shows besides its name.
// Plain TypeScript: src/vscode/testing/ only hands these to VS Code. Every suite, case and message
// is server text: made plain here, once, for the Testing view.
import type { CaseResult } from '../model/results';
import { plainLine, plainTreeText } from '../untrusted/plainForSurface';

/** LAVA's own suite (validate, file-download, job…). */
export const LAVA_SUITE = 'lava';

/** The item id of a job: its server and id (JSON: no separator can be forged by a name). */
export function jobItemId(serverUrl: string, jobId: string): string {
  return JSON.stringify(['job', serverUrl, jobId]);
}

export function suiteItemId(serverUrl: string, jobId: string, suite: string): string {
  return JSON.stringify(['suite', serverUrl, jobId, suite]);
}

/** A case's id: its job, suite, name and occurrence (0 for the first case of that name in its suite). */
export function caseItemId(serverUrl: string, jobId: string, suite: string, name: string, occurrence: number): string {
  return JSON.stringify(['case', serverUrl, jobId, suite, name, occurrence]);
}

/** The job an item id names (any of the three kinds), if it is one of ours. */
export function jobOfItemId(id: string): { serverUrl: string; jobId: string } | undefined {
  try {
    const parts: unknown = JSON.parse(id);
    if (!Array.isArray(parts) || typeof parts[1] !== 'string' || typeof parts[2] !== 'string') return undefined;
    return { serverUrl: parts[1], jobId: parts[2] };
  } catch {
    return undefined;
  }
}

/** Counts the cases of each suite and name as they come, for their occurrence. */
export class Occurrences {
  private readonly seen = new Map<string, number>();
  next(suite: string, name: string): number {
    const key = JSON.stringify([suite, name]);
    const n = this.seen.get(key) ?? 0;
    this.seen.set(key, n + 1);
    return n;
  }
}

/** Suites sort by name, LAVA's own last, apart from the user's. */
export function suiteSortText(suite: string): string {
  return suite === LAVA_SUITE ? `1${suite}` : `0${suite}`;
}

/** A suite's label: the name as text (LAVA's own one says so). */
export function suiteLabel(suite: string): string {
  return plainTreeText(suite || '?');
}

/** A case's label; a later occurrence of the same name gets its number (`name (2)`). */
export function caseLabel(name: string, occurrence: number): string {
  const label = plainTreeText(name || '?');
  return occurrence > 0 ? `${label} (${occurrence + 1})` : label;
}

/** What an item shows beside its name: the measurement with its unit, when there is one. */
export function caseDescription(result: CaseResult): string | undefined {
  if (result.measurement === undefined || result.measurement === '') return undefined;
  return plainTreeText(result.unit ? `${result.measurement} ${result.unit}` : result.measurement, 80);
}

/** A line for the run's output (a terminal: every control character made visible), CRLF-ended. */
export function outputLine(result: CaseResult): string {
  const measured =
    result.measurement !== undefined && result.measurement !== '' ? ` ${result.measurement}${result.unit ? ` ${result.unit}` : ''}` : '';
  return `${plainLine(`${result.suite}/${result.name}: ${result.result}${measured}`)}\r\n`;
}
