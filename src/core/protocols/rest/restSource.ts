// core/protocols/rest — LAVA REST API v0.2: job logs, the job, the job list, test results, DRF pages.
import { Clock } from '../../follow/clock';
import { Credentials, FetchFn, httpGet } from '../../net/http';
import { formatRecord, FormatOptions } from '../../log/format';
import { LogRecord, parseRecords } from '../../log/records';
import { LogBatch, LogSource } from '../../follow/logSource';
import { isQueued, parseRestJob, RestJob } from './restJob';
import { restJobUrl } from './restUrls';

export interface RestSourceOptions {
  fetch: FetchFn;
  serverUrl: string;
  jobId: string;
  timeoutMs: number;
  credentials?: Credentials;
  format: FormatOptions;
  clock: Clock;
  /** Re-read the job's state at least this often while its log is quiet (safety net). */
  stateCheckMs?: number;
  /** Records asked for at most per request (`end = start + pageSize`): bounds memory on huge logs. */
  pageSize?: number;
  /** Between job-state reads once the log is complete and the worker has yet to report (5-20 s on LAVA). */
  finishCheckMs?: number;
}

const DEFAULT_PAGE_SIZE = 5000;
const DEFAULT_FINISH_CHECK_MS = 4000;

/**
 * LAVA's REST API v0.2: `logs/?start=N` where N counts records (lines of the
 * job's output.yaml). A 404 means "nothing new"; only the job's `state` tells
 * whether more will come, so the job is read when the follow starts, while it
 * waits for a device, once the log's last record (LAVA's own `lava/job` result)
 * has arrived, and otherwise only now and then — it is 5 kB a read.
 */
export class RestSource implements LogSource {
  private start = 0;
  private job?: RestJob;
  private lastStateCheck = 0;
  private lastStatus?: string;
  private jobResult?: Record<string, unknown>;
  private readonly results: Record<string, number> = {};

  constructor(private readonly opts: RestSourceOptions) {}

  /** Records delivered so far (the next `start`). */
  get offset(): number {
    return this.start;
  }

  async next(signal: AbortSignal): Promise<LogBatch> {
    if (this.needsState()) {
      this.job = await this.readJob(signal);
      this.lastStateCheck = this.opts.clock.now();
    }
    const job = this.job!;
    if (isQueued(job.state)) return { text: '', finished: false, status: this.statusOnce(queuedStatus(job)) };
    // Read the job before the logs: a Finished job's log is complete, so these logs are the last.
    const finished = job.state === 'Finished';
    // After LAVA's own lava/job result the log is complete until the worker reports (5-20 s):
    // only the job state is worth asking for, and the logs once more when it is Finished.
    if (this.jobResult && !finished) return { text: '', finished: false, waitMs: this.opts.finishCheckMs ?? DEFAULT_FINISH_CHECK_MS };
    const { text, more } = await this.readLogs(signal);
    if (!finished || more) return { text, finished: false, more };
    return {
      text,
      finished: true,
      outcome: { health: job.health, reason: this.reason(job), results: { ...this.results } },
    };
  }

  private needsState(): boolean {
    if (!this.job || isQueued(this.job.state) || this.jobResult) return true;
    return this.opts.clock.now() - this.lastStateCheck >= (this.opts.stateCheckMs ?? 30000);
  }

  private async readJob(signal: AbortSignal): Promise<RestJob> {
    const res = await httpGet(restJobUrl(this.opts.serverUrl, this.opts.jobId), this.http(signal));
    return parseRestJob(res.body);
  }

  private async readLogs(signal: AbortSignal): Promise<{ text: string; more: boolean }> {
    const pageSize = this.opts.pageSize ?? DEFAULT_PAGE_SIZE;
    const url = `${restJobUrl(this.opts.serverUrl, this.opts.jobId, 'logs/')}?start=${this.start}&end=${this.start + pageSize}`;
    // Real LAVA answers 406 to `Accept: application/yaml` (DRF negotiates on its JSON renderers): ask for anything.
    const res = await httpGet(url, { ...this.http(signal), accept: '*/*' }, [404]);
    if (res.status === 404) return { text: '', more: false };
    // A last line without its newline is left for the next poll: only whole records count.
    const { records } = parseRecords(res.body);
    this.start += records.length;
    let text = '';
    for (const record of records) {
      this.observe(record);
      text += formatRecord(record, this.opts.format);
    }
    return { text, more: records.length >= pageSize };
  }

  private observe(record: LogRecord): void {
    if (record.lvl !== 'results' || typeof record.msg !== 'object' || Array.isArray(record.msg)) return;
    const msg = record.msg as Record<string, unknown>;
    const result = typeof msg.result === 'string' ? msg.result : 'unknown';
    this.results[result] = (this.results[result] ?? 0) + 1;
    if (msg.definition === 'lava' && msg.case === 'job') this.jobResult = msg;
  }

  private reason(job: RestJob): string | undefined {
    if (job.health === 'Complete') return undefined;
    if (job.failure_comment) return job.failure_comment;
    const r = this.jobResult;
    if (r && typeof r.error_msg === 'string') {
      return typeof r.error_type === 'string' ? `${r.error_type}: ${r.error_msg}` : r.error_msg;
    }
    return undefined;
  }

  private statusOnce(status: string): string | undefined {
    if (status === this.lastStatus) return undefined;
    this.lastStatus = status;
    return status;
  }

  private http(signal: AbortSignal) {
    return { fetch: this.opts.fetch, timeoutMs: this.opts.timeoutMs, signal, credentials: this.opts.credentials };
  }
}

function queuedStatus(job: RestJob): string {
  const device = job.requested_device_type ? ` (${job.requested_device_type})` : '';
  return `Job ${job.id} is ${job.state}: waiting for a device${device}.`;
}
