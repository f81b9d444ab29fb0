import { firstInvisible, MAX_INPUT_LENGTH, plainUrlPath, quoteForMessage, schemeOf } from './inputText';

/** Which job the user means: an id, and the server when they pasted a URL. */
export interface JobRef {
  jobId: string;
  /** Origin (`https://host[:port]`) of a pasted job URL. */
  origin?: string;
  /** The base URL of the server, as far as the pasted URL tells it (origin + any path prefix). */
  serverUrl?: string;
}

export type JobRefResult = { ok: true; ref: JobRef } | { ok: false; message: string };

/** More digits than any LAVA instance will number its jobs with (and less than JavaScript counts exactly). */
export const MAX_JOB_ID_DIGITS = 12;
/** A multinode sub-job's number (`1234.1`): one per role of the job. */
const MAX_SUB_ID_DIGITS = 6;

// LAVA job ids are integers; multinode sub-jobs are "1234.0". Only the ASCII digits 0-9.
const JOB_ID = /^([0-9]+)(?:\.([0-9]+))?$/;
// /scheduler/job/1234 (web page), /api/v0.2/jobs/1234/ (REST), /lava-server/job/1234/log-tail
const JOB_PATH = /^(.*?)\/(?:scheduler\/job|api\/v0\.2\/jobs|lava-server\/job)\/([^/]+)(?:\/.*)?$/;

const EXPECTED = 'use digits, like 1234, or paste a job URL.';

// A job id as a server may send it: 1234 or a MultiNode sub-job 1234.0, ASCII digits, no leading zero.
const SERVER_JOB_ID = new RegExp(`^[1-9][0-9]{0,${MAX_JOB_ID_DIGITS - 1}}(?:\\.(?:0|[1-9][0-9]{0,${MAX_SUB_ID_DIGITS - 1}}))?$`);

/**
 * A job id a server sent (a submit answer's `job_ids`, a job list's `id`, a MultiNode member),
 * as the text followed jobs and URL paths use; undefined when it is not one (`1/../2`, `1.2.3`,
 * fullwidth digits, `-5`, `1e+300`): such an id is never followed nor put in a URL.
 */
export function serverJobId(value: unknown): string | undefined {
  const text = typeof value === 'number' ? (Number.isSafeInteger(value) && value > 0 ? String(value) : '') : value;
  return typeof text === 'string' && SERVER_JOB_ID.test(text) ? text : undefined;
}

/** The integer part of a server's job id (a MultiNode member's own id is an integer). */
export function serverIntegerId(value: unknown): string | undefined {
  const id = serverJobId(value);
  return id !== undefined && !id.includes('.') ? id : undefined;
}

/**
 * Parses what a user typed or pasted, or what another extension passed: `1234`, `#1234`,
 * `1234.1`, or a job URL (…/scheduler/job/N, …/api/v0.2/jobs/N/, …/lava-server/job/N/log-tail).
 * Anything else is refused with a message that never repeats credentials.
 */
export function parseJobRef(input: string): JobRefResult {
  const text = input.trim();
  if (text === '') return fail('Enter a job id (1234) or paste a job URL.');
  if (text.length > MAX_INPUT_LENGTH) return fail('This is too long for a job id or a job URL.');
  const invisible = firstInvisible(text);
  if (invisible) return fail(`A job id or URL has no spaces or invisible characters (this one has ${invisible}).`);
  const id = checkJobId(text.replace(/^#/, ''));
  if (id !== undefined) return id.ok ? { ok: true, ref: { jobId: id.jobId } } : id;
  const scheme = schemeOf(text);
  if (scheme === 'http:' || scheme === 'https:') return parseJobUrl(text);
  if (scheme) return fail(`Only http:// and https:// job URLs are supported, not ${scheme}`);
  if (/^#?\p{Nd}+(?:\.\p{Nd}+)?$/u.test(text)) {
    return fail('Write the job id with the digits 0-9, like 1234.');
  }
  return fail(`${quoteForMessage(text, 'This')} is not a job id: ${EXPECTED}`);
}

function parseJobUrl(text: string): JobRefResult {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail('This is not a valid URL.');
  }
  if (url.username || url.password) {
    return fail('Do not put credentials in a job URL: set the token with "LAVA: Set Token…".');
  }
  const match = JOB_PATH.exec(url.pathname);
  if (!match) return fail('This URL is not a LAVA job page (expected …/scheduler/job/1234).');
  const id = checkJobId(match[2]);
  if (id === undefined) return fail('This URL does not end with a job id (expected …/scheduler/job/1234).');
  if (!id.ok) return id;
  const prefix = plainUrlPath(match[1].replace(/\/+$/, '')); // never a link or an icon where it is shown
  return { ok: true, ref: { jobId: id.jobId, origin: url.origin, serverUrl: url.origin + prefix } };
}

/** A job id (`1234`, `1234.1`) without leading zeros; a refusal when it is one but cannot be; undefined when it is not one. */
function checkJobId(text: string): { ok: true; jobId: string } | { ok: false; message: string } | undefined {
  const match = JOB_ID.exec(text);
  if (!match) return undefined;
  const [, main, sub] = match;
  if (main.length > MAX_JOB_ID_DIGITS || (sub !== undefined && sub.length > MAX_SUB_ID_DIGITS)) {
    return fail(`A LAVA job id has at most ${MAX_JOB_ID_DIGITS} digits (a sub-job at most ${MAX_SUB_ID_DIGITS} after the dot).`);
  }
  const jobId = main.replace(/^0+(?=\d)/, '');
  if (jobId === '0') return fail('LAVA job ids start at 1.');
  return { ok: true, jobId: sub === undefined ? jobId : `${jobId}.${sub.replace(/^0+(?=\d)/, '')}` };
}

function fail(message: string): { ok: false; message: string } {
  return { ok: false, message };
}

/** The job's page in LAVA's web UI. */
export function jobPageUrl(serverUrl: string, jobId: string): string {
  return `${serverUrl}/scheduler/job/${jobId}`;
}
