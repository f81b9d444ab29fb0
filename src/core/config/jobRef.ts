/** Which job the user means: an id, and the server when they pasted a URL. */
export interface JobRef {
  jobId: string;
  /** Origin (`https://host[:port]`) of a pasted job URL. */
  origin?: string;
  /** The base URL of the server, as far as the pasted URL tells it (origin + any path prefix). */
  serverUrl?: string;
}

export type JobRefResult = { ok: true; ref: JobRef } | { ok: false; message: string };

// LAVA job ids are integers; multinode sub-jobs are "1234.0".
const JOB_ID = /^\d+(?:\.\d+)?$/;
// /scheduler/job/1234 (web page), /api/v0.2/jobs/1234/ (REST), /lava-server/job/1234/log-tail
const JOB_PATH = /^(.*?)\/(?:scheduler\/job|api\/v0\.2\/jobs|lava-server\/job)\/(\d+(?:\.\d+)?)(?:\/.*)?$/;

/** Parses what a user typed or pasted: `1234`, `#1234`, or a job URL. */
export function parseJobRef(input: string): JobRefResult {
  const text = input.trim();
  if (text === '') return { ok: false, message: 'Enter a job id (1234) or paste a job URL.' };
  const id = text.replace(/^#/, '');
  if (JOB_ID.test(id)) return { ok: true, ref: { jobId: id } };
  if (/^https?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { ok: false, message: `"${text}" is not a valid URL.` };
    }
    const match = JOB_PATH.exec(url.pathname);
    if (!match) {
      return { ok: false, message: 'This URL is not a LAVA job page (expected …/scheduler/job/1234).' };
    }
    const prefix = match[1].replace(/\/+$/, '');
    return { ok: true, ref: { jobId: match[2], origin: url.origin, serverUrl: url.origin + prefix } };
  }
  return { ok: false, message: `"${text}" is not a job id: use digits, like 1234, or paste a job URL.` };
}

/** The job's page in LAVA's web UI. */
export function jobPageUrl(serverUrl: string, jobId: string): string {
  return `${serverUrl}/scheduler/job/${jobId}`;
}
