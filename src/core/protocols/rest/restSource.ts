import { tryParseJson } from '../../net/json';
import type { LogLine } from '../../log/jobLog';
// core/protocols/rest — LAVA REST API v0.2: job logs, the job, the job list, test results, DRF pages.
import { Clock } from '../../util/clock';
import { LavaError } from '../../net/errors';
import { Credentials, FetchFn, HTML_ANSWER, httpGet, httpOpen, isHtml, MAX_BODY_BYTES, redact } from '../../net/http';
import { originOf } from '../../net/urls';
import { continuesBlockItem, isBlank, isBlockItemStart, LogRecord, parseBlockItem, parseRecordLine } from '../../log/records';
import { ownText } from '../../util/detachedCopy';
import { Deliver, LogBatch, LogSource, SourceEvent } from '../../follow/logSource';
import { isQueued, JobState, parseRestJob, preview, RestJob } from './restJob';
import { rpcJobField, RpcStateOptions } from './jobState';
import { restJobUrl } from './restUrls';
import { notRestMessage } from '../apiDetect';

/** A state the source read from the server, and when that read started (clock ms). */
export interface StateRead {
  state: JobState;
  at: number;
}

export interface RestSourceOptions {
  fetch: FetchFn;
  serverUrl: string;
  jobId: string;
  timeoutMs: number;
  credentials?: Credentials;
  clock: Clock;
  /** Read the job's state once its log has been quiet this long, and as often while it stays quiet (safety net). */
  stateCheckMs?: number;
  /** Records asked for at most per request (`end = start + pageSize`): bounds memory on huge logs. */
  pageSize?: number;
  /** Between job-state reads once the log is complete and the worker has yet to report (5-20 s on LAVA). */
  finishCheckMs?: number;
  /**
   * How the job's state is read: `auto` (default) asks XML-RPC's scheduler.job_state (~350 B)
   * and falls back to the REST job object (~4.3 kB) for good when /RPC2 does not answer it;
   * `rest` reads the REST job only.
   */
  jobState?: 'auto' | 'rest';
  /**
   * The token's user name (the server's `username` setting): /RPC2 takes HTTP Basic `user:token`
   * only. Without it /RPC2 is asked anonymously, which LAVA answers for public jobs only.
   */
  username?: string;
  /**
   * The job's state as known elsewhere (LAVA's event stream): while it returns one, the state is
   * never read from the server and this one is used; `Finished` leads to the usual final reads
   * (the health, the failure comment, the rest of the log). Undefined: the state is read as usual.
   */
  knownState?: (lastRead?: StateRead) => JobState | undefined;
}

const DEFAULT_PAGE_SIZE = 5000;
const DEFAULT_FINISH_CHECK_MS = 4000;
/** Answers in a row ending inside a different line of a Finished job's log before the answer is taken as bad. */
const MAX_PARTIAL_ANSWERS = 3;
/**
 * Once the log has been quiet this long, the job state is read, and again as often while it stays
 * quiet (a job canceled without its lava/job result ends by it; a log quiet for less is a job booting).
 */
const DEFAULT_STATE_CHECK_MS = 60000;
/** How much of a log answer is decoded before it is checked for being one (an HTML page's tag is within it). */
const CHECKED_PREFIX = 512;
/**
 * An answer's pieces are decoded and taken this many bytes at a time: the records of one are alive
 * together until handed over, and fewer of them outlive a young-generation collection to be promoted
 * as garbage the old generation keeps until its next full collection (the follow's peak memory).
 */
const DECODE_BYTES = 16 * 1024;

/** The lines of one log answer taken and not yet handed over. */
interface Taken {
  /** The next line's index. */
  start: number;
  lines: LogLine[];
  /** A block-style item not yet ended (Mongo, Elasticsearch backends; records.ts): its lines so far. */
  item?: string;
}

/** The most of one block-style item kept (characters): a longer one is shown cut, never parsed. */
const MAX_BLOCK_ITEM_CHARS = 128 * 1024;

/**
 * LAVA's REST API v0.2: `logs/?start=N` where N counts records (lines of the
 * job's output.yaml). A 404 means "nothing new"; only the job's `state` tells
 * whether more will come, so the job's state is read when the follow starts, while
 * it waits for a device, once the log's last record (LAVA's own `lava/job` result)
 * has arrived, and otherwise only now and then: over XML-RPC (~350 B, jobState.ts)
 * while /RPC2 answers it, else the REST job object (~4.3 kB); never while `knownState`
 * tells it. Records are handed over parsed, not formatted (the sink formats them:
 * core/follow/recordText.ts); what the user should know comes as a typed event.
 */
export class RestSource implements LogSource {
  private start = 0;
  private job?: RestJob;
  private lastStateCheck = 0;
  /** When the last read of the job's state started (for `knownState`). */
  private stateReadAt?: number;
  /** When the log last grew. */
  private lastDataAt = 0;
  /** The queued state whose `queued` event was given (once per state the job waits in). */
  private queuedStateShown?: string;
  private jobResult?: Record<string, unknown>;
  private readonly results: Record<string, number> = {};
  /** Some log has been answered (a 404 after that means "nothing new", not "no log"). */
  private sawLog = false;
  /** A Finished job's last line came without its newline: `${start}\n${line}`, to take it the second time. */
  private partialAt?: string;
  /** Answers in a row that ended inside a line of a Finished job's log. */
  private partialAnswers = 0;
  /** Whether the job's state is read over XML-RPC (until /RPC2 fails to answer it once in this follow). */
  private viaRpc: boolean;
  /** The REST job object has been read (device type, failure comment). */
  private fullJob = false;
  /** The last state read was the REST job object: its health is as current as its state. */
  private stateViaRest = false;
  /** An event for the user with the next batch that has none (once). */
  private event?: SourceEvent;

  constructor(private readonly opts: RestSourceOptions) {
    this.viaRpc = (opts.jobState ?? 'auto') === 'auto';
  }

  /** Records delivered so far (the next `start`). */
  get offset(): number {
    return this.start;
  }

  async next(signal: AbortSignal, deliver: Deliver): Promise<LogBatch> {
    const batch = await this.nextBatch(signal, deliver);
    // An event of ours waits for a batch that has none (a queued job's comes first).
    if (this.event !== undefined && batch.event === undefined) {
      batch.event = this.event;
      this.event = undefined;
    }
    return batch;
  }

  private async nextBatch(signal: AbortSignal, deliver: Deliver): Promise<LogBatch> {
    const known = this.opts.knownState?.(
      this.job && this.stateReadAt !== undefined ? { state: this.job.state, at: this.stateReadAt } : undefined,
    );
    if (known !== undefined) {
      // Told, not read: the health the job object had is not this state's (read at the end).
      this.job = { ...(this.job ?? blankJob(this.opts.jobId)), state: known };
      this.stateViaRest = false;
    } else if (this.needsState()) {
      // The quiet log's safety net reads the state and the log in the same poll: a state read in
      // place of that poll's log read would make a line arriving then wait one more step of the
      // backoff (measured: bench/README.md, "Tried and not kept").
      const readAt = this.opts.clock.now();
      this.job = await this.readState(signal);
      this.stateReadAt = readAt;
      this.lastStateCheck = this.opts.clock.now();
    }
    let job = this.job!;
    // The waiting message names the device type: the REST job has it (read once).
    if (isQueued(job.state) && !this.fullJob && job.state !== this.queuedStateShown) {
      job = this.job = await this.readFullJob(signal);
      if (known !== undefined) {
        // Read for its device type: the state stays the one told.
        job = this.job = { ...job, state: known };
        this.stateViaRest = false;
      }
    }
    if (isQueued(job.state)) return { finished: false, queued: true, event: this.queuedOnce(job) };
    // Read the job before the logs: a Finished job's log is complete, so these logs are the last.
    const finished = job.state === 'Finished';
    // After LAVA's own lava/job result the log is complete until the worker reports (5-20 s):
    // only the job state is worth asking for, and the logs once more when it is Finished.
    if (this.jobResult && !finished) return { finished: false, waitMs: this.opts.finishCheckMs ?? DEFAULT_FINISH_CHECK_MS };
    const { more, lines, found } = await this.readLogs(signal, deliver, finished);
    if (!finished || more) return { finished: false, more, received: lines };
    if (!this.stateViaRest) {
      try {
        job = this.job = await this.finalJob(job, signal);
      } catch (err) {
        // `start` has moved past these records: they must not be lost with the error. Hand them
        // over as an ordinary batch and ask again at once (the health is read then, or fails alone).
        if (lines > 0) return { finished: false, more: true, received: lines };
        throw err;
      }
    }
    // A Finished job whose log was never there (purged, or a job canceled before it ran).
    const noLog = !found && !this.sawLog && this.start === 0;
    return {
      finished: true,
      received: lines,
      event: noLog ? { kind: 'no-log', jobId: this.opts.jobId } : undefined,
      outcome: { health: job.health, reason: this.reason(job), results: { ...this.results } },
    };
  }

  private needsState(): boolean {
    if (!this.job) return true;
    // Finished is for good: the rest of its log is read page by page without asking again.
    if (this.job.state === 'Finished') return false;
    if (isQueued(this.job.state) || this.jobResult) return true;
    // The safety net only while the log is quiet: a log that grows says the job runs.
    const now = this.opts.clock.now();
    const every = this.opts.stateCheckMs ?? DEFAULT_STATE_CHECK_MS;
    return now - this.lastStateCheck >= every && now - this.lastDataAt >= every;
  }

  /** The job's state: over XML-RPC while /RPC2 answers it, else the REST job object. */
  private async readState(signal: AbortSignal): Promise<RestJob> {
    if (this.viaRpc) {
      const state = await rpcJobField('state', this.rpcOptions(), signal);
      if (state) {
        this.stateViaRest = false;
        return { ...(this.job ?? blankJob(this.opts.jobId)), state };
      }
      this.viaRpc = false;
    }
    return this.readFullJob(signal);
  }

  private async readFullJob(signal: AbortSignal): Promise<RestJob> {
    const job = await this.readJob(signal);
    this.fullJob = true;
    this.stateViaRest = true;
    return job;
  }

  /**
   * A Finished job whose state came over XML-RPC: its health (scheduler.job_health), and,
   * when it did not end Complete, the REST job: LAVA's failure_comment is the reason shown
   * first (the log's lava/job result only when there is none), as when the state is read over REST.
   */
  private async finalJob(job: RestJob, signal: AbortSignal): Promise<RestJob> {
    const health = this.viaRpc ? await rpcJobField('health', this.rpcOptions(), signal) : undefined;
    if (health === 'Complete') return { ...job, health };
    if (!health) this.viaRpc = false;
    return this.readFullJob(signal);
  }

  private rpcOptions(): RpcStateOptions {
    const { fetch, serverUrl, jobId, timeoutMs, credentials, username } = this.opts;
    const onRefused = (status: number) => {
      this.event = { kind: 'rpc-refused', server: serverUrl, user: username ?? '', status };
    };
    return { fetch, serverUrl, jobId, timeoutMs, credentials, username, onRefused };
  }

  private async readJob(signal: AbortSignal): Promise<RestJob> {
    const url = restJobUrl(this.opts.serverUrl, this.opts.jobId);
    const first = !this.job;
    const res = await httpGet(url, this.http(signal), first ? [404] : []);
    if (res.status === 404) {
      // No such job — or no REST API at all (`api: rest` set for a log-tail server, a mistyped URL).
      const notRest = await notRestMessage(this.opts.serverUrl, this.http(signal));
      if (notRest) throw new LavaError('http', notRest, 404);
      throw new LavaError('not-found', `Not found: ${url} (${detailOf(redact(res.body, this.opts.credentials)) ?? 'no such job'}).`, 404);
    }
    if (isHtml(res.headers, res.body))
      throw new LavaError('bad-response', `${originOf(url)} ${HTML_ANSWER} (HTTP ${res.status})`, res.status);
    return parseRestJob(redact(res.body, this.opts.credentials)); // its messages quote the body
  }

  /**
   * Reads the next page of the log as it arrives: each piece of the answer is decoded, and its
   * whole lines parsed and handed to `deliver` at once, so no page is ever held as one body and
   * one string. `start` counts every line LAVA has (blank ones too) and moves past a line once it
   * is handed over: an answer that breaks off keeps the whole lines it brought, and the next read
   * asks from the line after them.
   */
  private async readLogs(
    signal: AbortSignal,
    deliver: Deliver,
    finished: boolean,
  ): Promise<{ more: boolean; lines: number; found: boolean }> {
    const pageSize = this.opts.pageSize ?? DEFAULT_PAGE_SIZE;
    const url = `${restJobUrl(this.opts.serverUrl, this.opts.jobId, 'logs/')}?start=${this.start}&end=${this.start + pageSize}`;
    // Real LAVA answers 406 to `Accept: application/yaml` (DRF negotiates on its JSON renderers): ask for anything.
    const res = await httpOpen(url, { ...this.http(signal), accept: '*/*' }, [404]);
    if (res.status === 404) {
      await res.cancel();
      return { more: false, lines: 0, found: false };
    }
    const first = this.start;
    const taken: Taken = { start: first, lines: [] };
    const decoder = new TextDecoder('utf-8');
    // Decoded text not yet taken: the answer's beginning until it is checked, then a line cut by a piece.
    let pending = '';
    let checked = false;
    let size = 0;
    let partial = false;
    try {
      for await (const chunk of res.chunks()) {
        size += chunk.byteLength;
        if (size > MAX_BODY_BYTES) {
          throw new LavaError(
            'too-large',
            `The log answer of ${originOf(url)} is larger than ${MAX_BODY_BYTES >> 20} MB for ${pageSize} lines.`,
          );
        }
        for (let at = 0; at < chunk.byteLength; at += DECODE_BYTES) {
          const piece = decoder.decode(chunk.subarray(at, at + DECODE_BYTES), { stream: true });
          pending += piece;
          if (checked) {
            // A piece inside a long line is only added to it: the line is searched once it ends.
            if (!piece.includes('\n')) continue;
          } else {
            // Checked once it has its first printing character (only the new piece is looked at: a long
            // blank beginning is not scanned again and again).
            if (pending.length < CHECKED_PREFIX || !/\S/.test(piece)) continue;
            checkLogAnswer(res, pending, url, this.opts.credentials);
            checked = this.sawLog = true;
          }
          pending = this.takeLines(pending, taken);
          this.handOver(taken, deliver);
        }
      }
      pending += decoder.decode();
      if (!checked) checkLogAnswer(res, pending, url, this.opts.credentials);
      this.sawLog = true;
      pending = this.takeLines(pending, taken);
      // A block-style answer's last item ends with the answer.
      if (isBlank(pending)) this.takeItem(taken);
      // A last line without its newline is left for the next poll: only whole lines count. A Finished
      // job's log is complete, so its answer is asked again at once (`more`): an answer cut short
      // (a proxy) must not end the follow without its last records; the same line without its
      // newline twice at the same place is the log's real last line.
      if (finished && !isBlank(pending)) {
        const key = `${taken.start}\n${pending}`;
        if (this.partialAt === key) {
          this.takeLine(pending, taken);
          this.takeItem(taken);
        } else if (++this.partialAnswers > MAX_PARTIAL_ANSWERS) {
          // A server that keeps cutting (or ignores `start`) must not make us ask at once forever.
          throw new LavaError('bad-response', `The log answer of ${originOf(url)} keeps ending inside a line (line ${taken.start}).`);
        } else {
          this.partialAt = key;
          partial = true;
        }
      }
    } finally {
      // On an error too: the whole lines taken before it are kept, none lost, none asked twice.
      this.handOver(taken, deliver);
    }
    if (!partial) this.partialAnswers = 0;
    const lines = taken.start - first;
    return { more: lines >= pageSize || partial, lines, found: true };
  }

  /** Takes the whole lines of `text`; returns what follows the last newline. */
  private takeLines(text: string, taken: Taken): string {
    let at = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', at)) {
      this.takeLine(text.slice(at, nl), taken);
      at = nl + 1;
    }
    return at === 0 ? text : text.slice(at);
  }

  private takeLine(line: string, taken: Taken): void {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    // A block-style answer: an item is its first line and the indented ones after it, one record.
    if (taken.item !== undefined) {
      if (continuesBlockItem(line)) {
        if (taken.item.length < MAX_BLOCK_ITEM_CHARS) taken.item += `\n${line.slice(0, MAX_BLOCK_ITEM_CHARS - taken.item.length)}`;
        return;
      }
      this.takeItem(taken);
    }
    if (isBlockItemStart(line)) {
      taken.item = line.slice(0, MAX_BLOCK_ITEM_CHARS);
      return;
    }
    if (!isBlank(line)) this.takeRecord(parseRecordLine(line), taken);
    taken.start++;
  }

  /** The block-style item pending, if any, as one record (its end is known: the next item, or the answer's end). */
  private takeItem(taken: Taken): void {
    if (taken.item === undefined) return;
    const item = taken.item.replace(/\n+$/, '');
    taken.item = undefined;
    this.takeRecord(parseBlockItem(item), taken);
    taken.start++;
  }

  private takeRecord(record: LogRecord, taken: Taken): void {
    this.observe(record);
    // `body` is the sink's to set (recordText.ts): its slot from the start keeps one object shape.
    taken.lines.push({ index: taken.start, record, body: undefined });
  }

  /** The lines taken so far count: `start` moves past them, and `deliver` gets their records. */
  private handOver(taken: Taken, deliver: Deliver): void {
    if (taken.start === this.start) return;
    this.start = taken.start;
    this.lastDataAt = this.opts.clock.now();
    const lines = taken.lines;
    if (lines.length === 0) return;
    taken.lines = [];
    deliver({ kind: 'records', lines });
  }

  private observe(record: LogRecord): void {
    if (record.lvl !== 'results' || typeof record.msg !== 'object' || Array.isArray(record.msg)) return;
    const msg = record.msg as Record<string, unknown>;
    const result = typeof msg.result === 'string' ? msg.result : 'unknown';
    this.results[result] = (this.results[result] ?? 0) + 1;
    if (msg.definition === 'lava' && msg.case === 'job') {
      // Kept to the job's end: copies of what the reason needs, not views of the page they were cut from.
      const own = (v: unknown) => (typeof v === 'string' ? ownText(v) : undefined);
      this.jobResult = { error_type: own(msg.error_type), error_msg: own(msg.error_msg) };
    }
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

  /** That a job waits in the queue, once per state it waits in. */
  private queuedOnce(job: RestJob): SourceEvent | undefined {
    if (job.state === this.queuedStateShown) return undefined;
    this.queuedStateShown = job.state;
    return { kind: 'queued', jobId: String(job.id), state: job.state, deviceType: job.requested_device_type ?? undefined };
  }

  private http(signal: AbortSignal) {
    return { fetch: this.opts.fetch, timeoutMs: this.opts.timeoutMs, signal, credentials: this.opts.credentials };
  }
}

/**
 * A 200 answer of `logs/` must be LAVA's YAML log (`- {...}` lines): an HTML page (a login
 * page, a proxy) or JSON is not the protocol (`bad-response`: retried a few times, then the
 * follow ends saying what came back), never shown as log lines. `head` is the answer's
 * beginning (at least CHECKED_PREFIX characters and a printing one, or all of it).
 */
function checkLogAnswer(res: { status: number; headers: Headers }, head: string, url: string, credentials?: Credentials): void {
  if (isHtml(res.headers, head)) throw new LavaError('bad-response', `${originOf(url)} ${HTML_ANSWER} (HTTP ${res.status})`, res.status);
  const type = res.headers.get('content-type') ?? '';
  const first = head.trimStart();
  if (/json/i.test(type) || (first !== '' && !first.startsWith('-'))) {
    throw new LavaError(
      'bad-response',
      `The log answer of ${originOf(url)} is not LAVA's YAML log: ${preview(redact(head, credentials))}`,
      res.status,
    );
  }
}

/** DRF's `{"detail": "..."}`. */
function detailOf(body: string): string | undefined {
  const v = tryParseJson(body) as { detail?: unknown } | undefined;
  return typeof v?.detail === 'string' ? v.detail.slice(0, 200) : undefined;
}

/** A job known only by its id until the server says more. */
function blankJob(jobId: string): RestJob {
  const id = Number(jobId);
  return {
    id: Number.isFinite(id) ? id : 0,
    description: '',
    submitter: '',
    state: 'Running',
    health: 'Unknown',
    actual_device: null,
    requested_device_type: null,
    submit_time: null,
    start_time: null,
    end_time: null,
    failure_comment: null,
  };
}
