// A REST (API v0.2) job: state machine and log visibility, computed from the clock
// (no timers), following what real LAVA 2023.01 does (see the fixtures README).
import { createHash } from 'crypto';
import { loadJobTemplate, RunName } from './fixtures';
import { LogRecord, parseRecord, resultEntry, ResultEntry } from './records';
import { lavaTime } from './respond';

export type Health = 'Complete' | 'Incomplete' | 'Canceled';
export type JobState = 'Submitted' | 'Scheduled' | 'Running' | 'Canceling' | 'Finished';

export interface RestJobOptions {
  id: string;
  /** output.yaml lines, e.g. loadOutputYaml('complete'). */
  records: string[];
  health: Health;
  /** Time in Submitted before Running (default 0). */
  submittedMs?: number;
  /** lava-run uploads buffered lines every batchIntervalMs (default 5000, like LAVA). 0 = each line at once. */
  batchIntervalMs?: number;
  /** Lines produced per second.  Default: follow the records' own `dt` timestamps, scaled by timeScale. */
  linesPerSecond?: number;
  /** With dt pacing: 2 = twice as fast as the real job, 0.5 = half speed (default 1). */
  timeScale?: number;
  /** The job stays Running (Canceling for Canceled) this long after its last line (default 2000; real: 5-20 s). */
  finishDelayMs?: number;
  /** Visible only with the right token (404 otherwise). */
  private?: boolean;
  description?: string;
  submitter?: string;
  deviceType?: string;
  device?: string;
  /** The job object's `definition` (default: the captured template's). */
  definition?: string;
  /** `original_definition` (default: the captured template's). */
  originalDefinition?: string;
  /** `multinode_definition` (default ''); set on MultiNode sub-jobs. */
  multinodeDefinition?: string;
  /** MultiNode group (LAVA's target_group uuid; not in the job JSON, a list filter). */
  targetGroup?: string;
  /** MultiNode "<first id>.<index>" (not in the job JSON). */
  subId?: string;
  /** `priority` (default 50 = medium). */
  priority?: number;
  /** `failure_comment` once the job is Finished (default null; LAVA sets it on infrastructure errors). */
  failureComment?: string;
}

/** Global id counters (LAVA's database sequences for suites and test cases). */
export interface IdCounters {
  suite: number;
  testCase: number;
}

export interface SuiteEntry {
  id: number;
  name: string;
}

export interface TestCaseEntry extends ResultEntry {
  id: number;
  suite: number;
}

const TEMPLATE_OF: Record<Health, RunName> = { Complete: 'complete', Incomplete: 'incomplete', Canceled: 'canceled' };

function recordTimeMs(line: string): number | undefined {
  // 2026.05+ writes an offset (`+00:00`); before, UTC without one
  const m = /^- \{"dt": "(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?)(Z|[+-]\d\d:\d\d)?"/.exec(line);
  return m ? Date.parse(m[1] + (m[2] ?? 'Z')) : undefined;
}

export class RestJob {
  readonly kind = 'rest' as const;
  readonly id: string;
  readonly records: string[];
  /** The health the job ends with, unless it is canceled (see cancel()). */
  readonly health: Health;
  readonly isPrivate: boolean;
  readonly submitter: string;
  readonly deviceType: string;
  readonly device: string;
  readonly description: string;
  readonly definition: string;
  readonly originalDefinition: string;
  readonly multinodeDefinition: string;
  readonly targetGroup: string | undefined;
  readonly subId: string | undefined;
  readonly priority: number;
  readonly failureComment: string | null;
  readonly suites: SuiteEntry[] = [];
  readonly testCases: TestCaseEntry[] = [];
  private readonly template: Record<string, unknown>;
  private readonly batchMs: number;
  private readonly finishDelayMs: number;
  private readonly submittedMs: number;
  /** When each line is written by lava-run, relative to the job start. */
  private readonly offsets: number[];
  private submitAt = 0;
  private startAt = 0;
  /** appendNow() calls: lines [0, upTo) visible from `at`. */
  private forced: { upTo: number; at: number }[] = [];
  /** cancel(): when, and whether the job was still queued then. */
  private canceled: { at: number; queued: boolean; end: number } | undefined;

  constructor(opts: RestJobOptions, ids: IdCounters) {
    this.id = opts.id;
    this.records = opts.records;
    this.health = opts.health;
    this.isPrivate = opts.private ?? false;
    this.template = loadJobTemplate(TEMPLATE_OF[opts.health]);
    this.submitter = opts.submitter ?? 'admin';
    this.deviceType = opts.deviceType ?? 'qemu';
    this.device = opts.device ?? 'qemu01';
    this.description = opts.description ?? String(this.template.description);
    this.definition = opts.definition ?? String(this.template.definition);
    this.originalDefinition = opts.originalDefinition ?? String(this.template.original_definition);
    this.multinodeDefinition = opts.multinodeDefinition ?? '';
    this.targetGroup = opts.targetGroup;
    this.subId = opts.subId;
    this.priority = opts.priority ?? 50;
    this.failureComment = opts.failureComment ?? null;
    this.batchMs = opts.batchIntervalMs ?? 5000;
    this.finishDelayMs = opts.finishDelayMs ?? 2000;
    this.submittedMs = opts.submittedMs ?? 0;
    this.offsets = this.computeOffsets(opts);
    this.reset();
    const metadataDir = `/var/lib/lava-server/default/media/job-output/${lavaTime(this.submitAt).slice(0, 10).replace(/-/g, '/')}/${this.id}/metadata`;
    const suiteIds = new Map<string, number>();
    opts.records.forEach((line, i) => {
      const r = resultEntry(line, i, metadataDir);
      if (!r) return;
      let suite = suiteIds.get(r.definition);
      if (suite === undefined) {
        suite = ++ids.suite;
        suiteIds.set(r.definition, suite);
        this.suites.push({ id: suite, name: r.definition });
      }
      this.testCases.push({ ...r, id: ++ids.testCase, suite });
    });
  }

  private computeOffsets(opts: RestJobOptions): number[] {
    const n = opts.records.length;
    if (opts.linesPerSecond !== undefined) {
      const lps = opts.linesPerSecond;
      return opts.records.map((_, i) => (lps > 0 ? ((i + 1) * 1000) / lps : 0));
    }
    const times = opts.records.map(recordTimeMs);
    const scale = opts.timeScale ?? 1;
    const first = times.find((t) => t !== undefined);
    if (first === undefined) return opts.records.map((_, i) => (i * 1000) / Math.max(1, n));
    let last = 0;
    return times.map((t) => (last = t === undefined ? last : Math.max(last, (t - first) / scale)));
  }

  /** Resubmission: the job starts over from Submitted. */
  reset(): void {
    this.submitAt = Date.now();
    this.startAt = this.submitAt + this.submittedMs;
    this.forced = [];
    this.canceled = undefined;
  }

  /** Held in the queue (Submitted, no start) until reset() (a demo job waits to be asked for). */
  hold(): void {
    this.reset();
    this.startAt = Infinity;
  }

  /** When the job became Finished, or undefined while it is not. */
  get endedAt(): number | undefined {
    const end = this.endAt;
    return Date.now() >= end ? end : undefined;
  }

  /**
   * Like `GET /api/v0.2/jobs/<id>/cancel/`: a queued job goes straight to
   * Finished/Canceled (start_time == end_time, no log); a running one is
   * Canceling (its log stops growing) for finishDelayMs, then Finished/Canceled.
   */
  cancel(): void {
    const now = Date.now();
    if (this.canceled || this.state(now) === 'Finished') return;
    if (now < this.startAt) {
      this.startAt = now;
      this.canceled = { at: now, queued: true, end: now };
    } else {
      this.canceled = { at: now, queued: false, end: Math.min(this.normalEndAt, now + this.finishDelayMs) };
    }
  }

  /** Canceled, or cancel() was called (Canceling or Finished/Canceled). */
  get cancelRequested(): boolean {
    return this.canceled !== undefined;
  }

  /** The health once Finished. */
  get finalHealth(): Health {
    return this.canceled ? 'Canceled' : this.health;
  }

  /** Same as reset() (the common job-handle name). */
  restart(): void {
    this.reset();
  }

  /** Makes `lines` more lines visible now (default: all the rest); starts the job if still Submitted. */
  appendNow(lines?: number): void {
    const now = Date.now();
    if (now < this.startAt) this.startAt = now;
    const upTo = Math.min(this.records.length, this.visibleCount(now) + (lines ?? this.records.length));
    this.forced.push({ upTo, at: now });
  }

  /** Lines visible so far (the common job-handle name; log-tail jobs count bytes). */
  get appended(): number {
    return this.visibleCount();
  }

  /** The whole log as LAVA's output.yaml file. */
  get logBytes(): Buffer {
    return Buffer.from(this.records.map((l) => l + '\n').join(''), 'utf8');
  }

  /** Time at which line i is uploaded (visible through the API). */
  private visibleAt(i: number): number {
    const n = this.records.length;
    const flush = this.startAt + (n ? this.offsets[n - 1] : 0); // lava-run exits: final upload
    const off = this.offsets[i];
    let at = this.batchMs > 0 ? this.startAt + Math.max(1, Math.ceil(off / this.batchMs)) * this.batchMs : this.startAt + off;
    at = Math.min(at, Math.max(flush, this.startAt));
    for (const f of this.forced) if (f.upTo > i) at = Math.min(at, f.at);
    return at;
  }

  /** Number of lines visible at time t. */
  visibleCount(t: number = Date.now()): number {
    if (t < this.startAt || this.canceled?.queued) return 0;
    if (this.canceled && t > this.canceled.at) t = this.canceled.at; // a canceled job's log stops
    // visibleAt is non-decreasing in i: binary search
    let lo = 0;
    let hi = this.records.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.visibleAt(mid) <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private get logCompleteAt(): number {
    return this.records.length ? this.visibleAt(this.records.length - 1) : this.startAt;
  }

  private get normalEndAt(): number {
    return this.logCompleteAt + this.finishDelayMs;
  }

  private get endAt(): number {
    return this.canceled ? this.canceled.end : this.normalEndAt;
  }

  get finished(): boolean {
    return Date.now() >= this.endAt;
  }

  state(t: number = Date.now()): JobState {
    if (t < this.startAt) return 'Submitted';
    if (t >= this.endAt) return 'Finished';
    if (this.canceled && t >= this.canceled.at) return 'Canceling';
    if (this.health === 'Canceled' && t >= this.logCompleteAt) return 'Canceling';
    return 'Running';
  }

  /** The time a field is compared on by `ordering` (null when not set yet). */
  timeField(field: 'submit_time' | 'start_time' | 'end_time', t: number = Date.now()): number | null {
    if (field === 'submit_time') return this.submitAt;
    if (field === 'start_time') return t >= this.startAt ? this.startAt : null;
    return t >= this.endAt ? this.endAt : null;
  }

  /** The visible lines [start, end) (end clamped to what is visible). */
  lines(start: number, end?: number): string[] {
    const n = this.visibleCount();
    return this.records.slice(start, Math.min(end ?? n, n));
  }

  /** Test cases visible now, ordered like LAVA (by suite, then id), with the upload time. */
  visibleTestCases(): (TestCaseEntry & { logged: number })[] {
    const n = this.visibleCount();
    return this.testCases
      .filter((c) => c.line < n)
      .map((c) => ({ ...c, logged: this.visibleAt(c.line) }))
      .sort((a, b) => a.suite - b.suite || a.id - b.id);
  }

  parsedRecord(i: number): LogRecord {
    return parseRecord(this.records[i]);
  }

  /** The job JSON (fields and order as LAVA 2023.01); `token` only for superusers. */
  toJson(superuser: boolean): Record<string, unknown> {
    const t = Date.now();
    const state = this.state(t);
    const start = this.timeField('start_time', t);
    const end = this.timeField('end_time', t);
    const json: Record<string, unknown> = {
      id: Number.isFinite(Number(this.id)) ? Number(this.id) : this.id,
      submitter: this.submitter,
      viewing_groups: [],
      description: this.description,
      health_check: false,
      requested_device_type: this.deviceType,
      tags: [],
      actual_device: state === 'Submitted' || this.canceled?.queued ? null : this.device,
      submit_time: lavaTime(this.submitAt),
      start_time: start === null ? null : lavaTime(start),
      end_time: end === null ? null : lavaTime(end),
      state,
      health: state === 'Finished' ? this.finalHealth : 'Unknown',
      priority: this.priority,
      definition: this.definition,
      original_definition: this.originalDefinition,
      multinode_definition: this.multinodeDefinition,
      failure_tags: [],
      failure_comment: state === 'Finished' ? this.failureComment : null,
    };
    if (superuser) json.token = createHash('sha256').update(`job-token-${this.id}`).digest('hex').slice(0, 32);
    return json;
  }
}
