// The 14 invalid definitions captured from the real LAVA 2023.01 (test/simulator/data/submit/definitions/),
// each with the line its problem is on, derived from its `# INVALID:` comment and its text — the edited
// line — and never from the mapper under test.
import * as fs from 'fs';
import * as path from 'path';
import { SUBMIT_DIR } from '../../../simulator/captured';

export const DEFINITIONS_DIR = path.join(SUBMIT_DIR, 'definitions');

export function definitionText(name: string): string {
  return fs.readFileSync(path.join(DEFINITIONS_DIR, `${name}.yaml`), 'utf8');
}

/** 0-based line of the only line matching `re`. */
export function lineMatching(text: string, re: RegExp): number {
  const lines = text.split('\n');
  const found = lines.map((l, i) => (re.test(l) ? i : -1)).filter((i) => i >= 0);
  if (found.length !== 1) throw new Error(`${re} matches ${found.length} lines`);
  return found[0];
}

/** 0-based line of the first line that is neither blank nor a comment: where a removed top-level key was. */
export function firstContentLine(text: string): number {
  return text.split('\n').findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
}

export interface InvalidCase {
  name: string;
  /** The `# INVALID:` comment (checked against the file). */
  invalid: string;
  /** Where the problem is: the edited line (a removed top-level key: the top of the job, where it was). */
  expectedLine: (text: string) => number;
  /** What each captured answer says: a problem, or "no problem" (valid / 201). */
  rest: 'problem' | 'valid';
  rpc: 'problem' | 'valid';
  submit: 'problem' | 'accepted';
}

export const INVALID_CASES: InvalidCase[] = [
  {
    name: 'actions-not-a-list',
    invalid: 'actions is a mapping, not a list',
    expectedLine: (t) => lineMatching(t, /^actions:$/),
    rest: 'problem',
    rpc: 'problem',
    submit: 'problem',
  },
  {
    name: 'bad-timeout',
    invalid: 'timeouts.job.minutes is not an int (minutes: abc)',
    expectedLine: (t) => lineMatching(t, /^ {4}minutes: abc$/),
    rest: 'problem',
    rpc: 'problem',
    submit: 'problem',
  },
  {
    name: 'bad-visibility',
    invalid: 'visibility is not public, personal or {group: [...]}',
    expectedLine: (t) => lineMatching(t, /^visibility: secret$/),
    rest: 'problem',
    rpc: 'problem',
    submit: 'problem',
  },
  {
    name: 'context-bad-variable',
    invalid: 'an unknown job context variable (no_such_variable)',
    expectedLine: (t) => lineMatching(t, /^ {2}no_such_variable: 1$/),
    rest: 'problem',
    rpc: 'problem',
    submit: 'problem',
  },
  {
    name: 'context-wrong-type',
    invalid: 'context is a string, not a mapping',
    expectedLine: (t) => lineMatching(t, /^context: amd64$/),
    rest: 'problem',
    rpc: 'problem',
    submit: 'problem',
  },
  {
    name: 'job-name-not-string',
    invalid: 'job_name is an int, not a string',
    expectedLine: (t) => lineMatching(t, /^job_name: 42$/),
    rest: 'problem',
    rpc: 'problem',
    submit: 'problem',
  },
  {
    name: 'missing-device-type',
    invalid: 'no device_type',
    expectedLine: firstContentLine,
    rest: 'problem',
    rpc: 'problem',
    submit: 'problem',
  },
  { name: 'missing-job-name', invalid: 'no job_name', expectedLine: firstContentLine, rest: 'problem', rpc: 'problem', submit: 'problem' },
  {
    name: 'missing-timeouts',
    invalid: 'no timeouts section',
    expectedLine: firstContentLine,
    rest: 'problem',
    rpc: 'problem',
    submit: 'problem',
  },
  {
    name: 'priority-out-of-range',
    invalid: 'priority 101 (0..100 or high/medium/low)',
    expectedLine: (t) => lineMatching(t, /^priority: 101$/),
    rest: 'problem',
    rpc: 'problem',
    submit: 'problem',
  },
  {
    name: 'unknown-boot-method',
    invalid: 'unknown boot method (method: qemuu)',
    expectedLine: (t) => lineMatching(t, /^ {4}method: qemuu$/),
    rest: 'problem',
    rpc: 'problem',
    submit: 'accepted',
  },
  {
    name: 'unknown-deploy-method',
    invalid: 'unknown deploy method (to: tmpfz)',
    expectedLine: (t) => lineMatching(t, /^ {4}to: tmpfz$/),
    rest: 'problem',
    rpc: 'problem',
    submit: 'accepted',
  },
  {
    name: 'unknown-device-type',
    invalid: 'device_type names no device type on the server',
    expectedLine: (t) => lineMatching(t, /^device_type: qemux$/),
    rest: 'valid',
    rpc: 'valid',
    submit: 'problem',
  },
  {
    name: 'unknown-top-level-key',
    invalid: 'an unknown top-level key (foo: bar)',
    expectedLine: (t) => lineMatching(t, /^foo: bar$/),
    rest: 'valid',
    rpc: 'valid',
    submit: 'problem',
  },
];

/** A captured answer's body (data/submit/<file>). */
export function capturedBody(file: string): string {
  return fs.readFileSync(path.join(SUBMIT_DIR, file), 'utf8');
}
