// Jobs that run when they are asked for (the demo): a job waits until the first request
// about it, and runs again from the beginning when a follow starts well after it ended.
import { LogTailJob } from './growingLog';
import { RestJob } from './restJob';

export interface OnDemandOptions {
  /**
   * A follow that starts at least this long after the job ended starts a new run (default
   * 15 s). Shorter would restart the job under a follower still making its last reads: a REST
   * follower reads the job every 4 s after LAVA's `lava/job` result, then the logs once more.
   */
  restartAfterMs?: number;
}

export const DEFAULT_RESTART_AFTER_MS = 15_000;

/**
 * A request that begins a follow: REST `GET /api/v0.2/jobs/<id>/` (the job, which a REST
 * follower reads first) or `logs/` from the start, log-tail `log-tail` from the start
 * (`start` missing or 0). Show Results (`tests/`), the job page, cancel and others do not.
 */
export function beginsFollow(path: string, params: URLSearchParams): boolean {
  const fromStart = (params.get('start') ?? '0') === '0';
  if (/^\/api\/v0\.2\/jobs\/[^/]+\/$/.test(path)) return true;
  if (/^\/api\/v0\.2\/jobs\/[^/]+\/logs\/$/.test(path)) return fromStart;
  if (/^\/lava-server\/job\/[^/]+\/log-tail\/?$/.test(path)) return fromStart;
  return false;
}

interface Entry {
  job: RestJob | LogTailJob;
  restartAfterMs: number;
  asked: boolean;
  runs: number;
}

export class OnDemandJobs {
  private readonly entries = new Map<string, Entry>();

  /** Holds the job (REST: Submitted without a start; log-tail: an empty log) until it is asked for. */
  add(job: RestJob | LogTailJob, opts: OnDemandOptions = {}): void {
    if (job instanceof RestJob) job.hold();
    else {
      job.stop();
      job.restart();
      job.restarts = 0;
    }
    this.entries.set(job.id, { job, restartAfterMs: opts.restartAfterMs ?? DEFAULT_RESTART_AFTER_MS, asked: false, runs: 0 });
  }

  /** Runs started so far (0 until the first request). */
  runs(id: string): number {
    return this.entries.get(id)?.runs ?? 0;
  }

  /** Called before every request about job `id` is answered: starts or restarts the job when it should. */
  request(id: string, path: string, params: URLSearchParams, now = Date.now()): 'started' | 'restarted' | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (!entry.asked) {
      entry.asked = true;
      this.run(entry);
      return 'started';
    }
    const job = entry.job;
    const endedAt = job instanceof RestJob ? job.endedAt : job.finishedAt;
    if (endedAt === undefined || now - endedAt < entry.restartAfterMs || !beginsFollow(path, params)) return undefined;
    this.run(entry);
    return 'restarted';
  }

  private run(entry: Entry): void {
    entry.runs++;
    const job = entry.job;
    if (job instanceof RestJob) job.reset();
    else {
      job.stop();
      job.restart();
      job.start();
    }
  }
}
