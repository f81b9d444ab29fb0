/**
 * LAVA's pipeline, read back from a job log: an incremental parser of the
 * `start:` / `end:` lines every action writes.
 *
 * What LAVA writes (lava_dispatcher 2023.01, action.py `Pipeline.run_actions`):
 *
 *     start: 1.2 download-retry (timeout 00:02:00) [common]
 *     end: 1.2 download-retry (duration 00:00:00) [common]
 *
 * at `info` for top-level actions (`self.parent is None`) and at `debug` for
 * nested ones.  The level is the action's place in the pipeline (`1`, `1.2`,
 * `1.2.3`, ...), the timeout is the effective one (`seconds_to_str` of the
 * action's end time minus its start: a child's may be shorter than its own
 * setting, e.g. `00:02:57`), the duration is `round(elapsed)` as
 * `HH:MM:SS`, and `[ns]` is the action's namespace (default `common`).  The
 * `end:` line is written in a `finally`, so an action that starts also ends,
 * unless the log itself is cut short.
 *
 * Exceptions to that, all seen in real logs and handled here:
 *
 * - `start: 0 validate` (job.py `Job.validate`, not an action) has no timeout,
 *   no namespace and never an `end:` line; its end is the `validate duration:
 *   0.03` info line written in the same method's `finally`.  That line ends
 *   it, with a fractional duration.
 * - When a job fails or is canceled, `FinalizeAction.cleanup` calls its
 *   `run()` directly: no `start: 4 finalize` / `end: 4 finalize` line, but its
 *   children (`4.1 power-off`, `4.2 read-feedback`, at debug) are logged.
 *   Rule chosen: a missing parent is created as an **implicit** action (same
 *   level, namespace of the child, `name` '' until an `end:` line names it,
 *   `implicit: true`), so the tree has the same shape as in a Complete job
 *   and the children keep their level's place.  An implicit action has no
 *   timeout and no duration (unless an `end:` line names and ends it); it
 *   spans from its first child's start to its last child's last record and
 *   holds only its children's records: a record logged between or after its
 *   children belongs to the action above it (`current`, `actionAt`).  It is
 *   closed like any other (a later non-descendant start, or `finish()`) and
 *   then reads `did-not-end`: its own end was never logged.  Its name is
 *   inferred from its children's when they say it (`inferParentName`: 4.1
 *   power-off, 4.2 read-feedback under 4 are `finalize`), `nameInferred`.
 *   An action still open at `finish()` is `closedByJobEnd`: the job ended
 *   first (the Outline says so, folding.ts).
 * - An `end:` with no open action of that level in its namespace (its start
 *   was lost) gives an implicit action of one record (start = end = that
 *   line), with its duration.
 *
 * Namespaces: actions are matched per namespace (one stack of open actions
 * per namespace; a start without `[ns]` belongs to the namespace ''), so the
 * same level may be open in two namespaces at once and their lines may
 * interleave.  Within a namespace, a `start:` whose level is not below an open
 * action closes that action (it can no longer end: LAVA logs end before the
 * next sibling's start) as `did-not-end`; an `end:` closes the deeper open
 * actions of its namespace the same way.  `finish()` (the job is over) turns
 * every action still running into `did-not-end`.
 *
 * Only `info` and `debug` records are read, like LAVA's own Timing tab
 * (lava_scheduler_app/views.py `job_timing`): a board printing `start: 1 x`
 * (`target`) is not an action.  The action name matches `[\w-]+`, as in
 * LAVA's patterns for the Timing tab and for the job page's `action_<level>`
 * anchors.
 *
 * Cost: O(1) amortized per record (a first-character test, at most one regex,
 * stack work bounded by the nesting depth and the number of namespaces);
 * memory is one object per action.
 */
import type { LogRecord } from './records';
import { ownText } from '../util/detachedCopy';

export type ActionState = 'ended' | 'running' | 'did-not-end';

export interface LogAction {
  /** `1.2.3` as LAVA wrote it ('0' for validate). */
  readonly level: string;
  /** `deployimages`; '' for an implicit action not (yet) named by an `end:` line. */
  name: string;
  /** From `[ns]`; undefined when the line has none (`start: 0 validate`). */
  readonly namespace: string | undefined;
  /** From `(timeout HH:MM:SS)`, in seconds. */
  readonly timeoutSeconds: number | undefined;
  /** From `(duration HH:MM:SS)` (whole seconds) or `validate duration: 0.03`. */
  durationSeconds: number | undefined;
  /** Record index of the `start:` line; for an implicit action, its first child's (or its `end:` line's). */
  readonly startIndex: number;
  /** Record index of the `end:` line (or `validate duration:`), once ended. */
  endIndex: number | undefined;
  /**
   * Last record index that belongs to the action: `endIndex` when ended; for
   * did-not-end, the record before the line that closed it (the end of the
   * log at `finish()`), or an implicit action's last child's last record.
   * Undefined while running (it extends to the end of the log so far).
   */
  lastIndex: number | undefined;
  state: ActionState;
  /** No `start:` line was logged for it (see the module comment). */
  readonly implicit: boolean;
  readonly parent: LogAction | undefined;
  readonly children: LogAction[];
  /** `name` was inferred from the children's names (`inferParentName`), not read from a `start:`/`end:` line. */
  nameInferred?: boolean;
  /** Closed by `finish()`: still running when the job ended (it did not end because the job ended first). */
  closedByJobEnd?: boolean;
}

/**
 * LAVA's composite actions whose own `start:` line may be missing, known by their children's
 * names: FinalizeAction (power.py, name `finalize`) adds PowerOff and ReadFeedback, and a
 * failed or canceled job runs it from `cleanup` without logging its start or end.
 */
const PARENTS_BY_CHILDREN: readonly { name: string; first: string; children: ReadonlySet<string>; topLevel: boolean }[] = [
  { name: 'finalize', first: 'power-off', children: new Set(['power-off', 'read-feedback']), topLevel: true },
];

/**
 * The name of an implicit action, inferred from its children's names (undefined when they do
 * not say it): `4.1 power-off`, `4.2 read-feedback` under a top-level `4` are LAVA's `finalize`.
 */
export function inferParentName(level: string, childNames: readonly string[]): string | undefined {
  if (childNames.length === 0) return undefined;
  for (const p of PARENTS_BY_CHILDREN) {
    if (p.topLevel && level.indexOf('.') >= 0) continue;
    if (childNames[0] !== p.first) continue;
    if (childNames.every((n) => p.children.has(n))) return p.name;
  }
  return undefined;
}

/** What `push` found in a record: the action it started or ended. */
export interface ActionEvent {
  kind: 'start' | 'end';
  action: LogAction;
}

const START_RE = /^start: (\d+(?:\.\d+)*) ([\w-]+)(?: \(timeout (\d+):(\d+):(\d+)\))?(?: \[([^\]]*)\])?/;
const END_RE = /^end: (\d+(?:\.\d+)*) ([\w-]+)(?: \(duration (\d+):(\d+):(\d+)\))?(?: \[([^\]]*)\])?/;
const VALIDATE_END_RE = /^validate duration: (\d+(?:\.\d+)?)/;

/** `HH:MM:SS` (hours may have more digits) in seconds; the inverse of LAVA's `seconds_to_str`. */
export function hmsToSeconds(h: string, m: string, s: string): number {
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

/** Seconds as LAVA prints them (`seconds_to_str`: `%02d:%02d:%02d` of the rounded value). */
export function secondsToHms(seconds: number): string {
  const t = Math.round(seconds);
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const s = t % 60;
  return `${pad2(h)}:${pad2(m)}:${pad2(s)}`;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** A namespace kept by the tree (its actions, its stacks' keys): see ownText. */
function ownNamespace(ns: string | undefined): string | undefined {
  return ns === undefined ? undefined : ownText(ns);
}

function isBelow(level: string, ancestor: string): boolean {
  return level.length > ancestor.length && level.charCodeAt(ancestor.length) === 0x2e && level.startsWith(ancestor);
}

function newAction(
  level: string,
  name: string,
  namespace: string | undefined,
  timeoutSeconds: number | undefined,
  startIndex: number,
  implicit: boolean,
  parent: LogAction | undefined,
): LogAction {
  return {
    level,
    name,
    namespace,
    timeoutSeconds,
    durationSeconds: undefined,
    startIndex,
    endIndex: undefined,
    lastIndex: undefined,
    state: 'running',
    implicit,
    parent,
    children: [],
  };
}

export class ActionTree {
  /** Top-level actions, in log order. */
  readonly roots: LogAction[] = [];
  /** Every action, in order of creation (= log order of their start, implicit parents before their first child). */
  readonly all: LogAction[] = [];

  private readonly stacks = new Map<string, LogAction[]>();
  private records = 0;
  private done = false;
  private cur: LogAction | undefined;
  private ended: LogAction | undefined;

  /** Number of records pushed (= index of the next one). */
  get recordCount(): number {
    return this.records;
  }

  /** `finish()` was called. */
  get finished(): boolean {
    return this.done;
  }

  /**
   * The innermost open action: the most recently started action still
   * running (across namespaces; an implicit action only while one of its
   * children runs); the action a record pushed now belongs to.
   */
  get current(): LogAction | undefined {
    return this.cur;
  }

  /** The action that ended last (LAVA logs an action's own `results` right after its `end:` line). */
  get lastEnded(): LogAction | undefined {
    return this.ended;
  }

  /**
   * Take the next record.  `index` is its record index (0-based line of
   * output.yaml); records must come in order, each once.  Returns the action
   * this record started or ended, if any.
   */
  push(rec: LogRecord, index: number): ActionEvent | undefined {
    if (index !== this.records) {
      throw new Error(`ActionTree.push: record ${index} out of order (expected ${this.records})`);
    }
    this.records = index + 1;
    if (this.done) return undefined;
    const lvl = rec.lvl;
    if (lvl !== 'info' && lvl !== 'debug') return undefined;
    const msg = rec.msg;
    if (typeof msg !== 'string') return undefined;
    const c = msg.charCodeAt(0);
    if (c === 0x73 /* s */) {
      const m = START_RE.exec(msg);
      if (m === null) return undefined;
      const timeout = m[3] === undefined ? undefined : hmsToSeconds(m[3], m[4], m[5]);
      return { kind: 'start', action: this.start(ownText(m[1]), ownText(m[2]), ownNamespace(m[6]), timeout, index) };
    }
    if (c === 0x65 /* e */) {
      const m = END_RE.exec(msg);
      if (m === null) return undefined;
      const duration = m[3] === undefined ? undefined : hmsToSeconds(m[3], m[4], m[5]);
      return { kind: 'end', action: this.end(ownText(m[1]), ownText(m[2]), ownNamespace(m[6]), duration, index) };
    }
    if (c === 0x76 /* v */ && lvl === 'info') {
      const m = VALIDATE_END_RE.exec(msg);
      if (m === null) return undefined;
      const a = this.openValidate();
      if (a === undefined) return undefined;
      this.closeAbove(this.stackOf(a.namespace), a, index - 1);
      this.endAction(a, Number(m[1]), index);
      this.stackOf(a.namespace).pop();
      this.updateCurrent();
      return { kind: 'end', action: a };
    }
    return undefined;
  }

  /** The job is over: every running action becomes `did-not-end`. */
  finish(): void {
    if (this.done) return;
    this.done = true;
    const last = this.records - 1;
    for (const stack of this.stacks.values()) {
      for (let i = stack.length - 1; i >= 0; i--) {
        this.abandon(stack[i], last);
        stack[i].closedByJobEnd = true;
      }
      stack.length = 0;
    }
    this.cur = undefined;
  }

  /**
   * The innermost action a record belongs to (after the fact; while pushing,
   * `current` is cheaper).  Descends the tree with a binary search over each
   * level's children, so O(depth × log n) when siblings do not overlap
   * (interleaved namespaces may add a short backward scan).
   */
  actionAt(index: number): LogAction | undefined {
    let found: LogAction | undefined;
    let list: readonly LogAction[] = this.roots;
    for (;;) {
      const a = this.containing(list, index);
      // An implicit parent holds only its children's records.
      if (a === undefined) {
        while (found !== undefined && found.implicit && found.children.length > 0) found = found.parent;
        return found;
      }
      found = a;
      list = a.children;
    }
  }

  private containing(list: readonly LogAction[], index: number): LogAction | undefined {
    let lo = 0;
    let hi = list.length; // first child with startIndex > index
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid].startIndex <= index) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return undefined;
    const last = list[lo - 1];
    if (last.lastIndex === undefined || index <= last.lastIndex) return last;
    // Interleaved namespaces: an earlier sibling of another namespace may
    // still contain it.  Within one namespace siblings do not overlap, so
    // the scan stops at the first namespace seen twice.
    const seen = new Set<string | undefined>([last.namespace]);
    for (let i = lo - 2; i >= 0; i--) {
      const a = list[i];
      if (seen.has(a.namespace)) break;
      if (a.lastIndex === undefined || index <= a.lastIndex) return a;
      seen.add(a.namespace);
    }
    return undefined;
  }

  private stackOf(ns: string | undefined): LogAction[] {
    const key = ns ?? '';
    let s = this.stacks.get(key);
    if (s === undefined) {
      s = [];
      this.stacks.set(key, s);
    }
    return s;
  }

  private openValidate(): LogAction | undefined {
    const s = this.stacks.get('');
    if (s === undefined) return undefined;
    for (let i = s.length - 1; i >= 0; i--) {
      if (s[i].level === '0' && s[i].name === 'validate') return s[i];
    }
    return undefined;
  }

  private start(level: string, name: string, ns: string | undefined, timeout: number | undefined, index: number): LogAction {
    const stack = this.stackOf(ns);
    // Close what cannot be an ancestor.
    while (stack.length > 0 && !isBelow(level, stack[stack.length - 1].level)) {
      this.abandon(stack.pop() as LogAction, index - 1);
    }
    let parent = stack.length > 0 ? stack[stack.length - 1] : undefined;
    // Implicit parents for the levels between the nearest open ancestor and this one.
    const dot = level.lastIndexOf('.');
    if (dot >= 0) {
      const parentLevel = level.slice(0, dot);
      if (parent === undefined || parent.level !== parentLevel) {
        let from = parent === undefined ? 0 : parent.level.length + 1;
        for (;;) {
          const next = parentLevel.indexOf('.', from);
          const lv = next < 0 ? parentLevel : parentLevel.slice(0, next);
          const imp = newAction(lv, '', ns, undefined, index, true, parent);
          this.attach(imp);
          stack.push(imp);
          parent = imp;
          if (next < 0) break;
          from = next + 1;
        }
      }
    }
    const a = newAction(level, name, ns, timeout, index, false, parent);
    this.attach(a);
    stack.push(a);
    this.cur = a;
    return a;
  }

  private end(level: string, name: string, ns: string | undefined, duration: number | undefined, index: number): LogAction {
    const stack = this.stackOf(ns);
    let k = stack.length - 1;
    while (k >= 0 && stack[k].level !== level) k--;
    if (k < 0) {
      // Its start was never seen: a one-record implicit action under the nearest open ancestor.
      let parent: LogAction | undefined;
      for (let i = stack.length - 1; i >= 0; i--) {
        if (isBelow(level, stack[i].level)) {
          parent = stack[i];
          break;
        }
      }
      const a = newAction(level, name, ns, undefined, index, true, parent);
      this.attach(a);
      this.endAction(a, duration, index);
      return a;
    }
    const a = stack[k];
    this.closeAbove(stack, a, index - 1);
    stack.pop();
    if (a.name === '' || a.nameInferred) {
      a.name = name;
      a.nameInferred = false;
    }
    this.endAction(a, duration, index);
    this.updateCurrent();
    return a;
  }

  /** Pop (as did-not-end) every action above `a` on `stack`. */
  private closeAbove(stack: LogAction[], a: LogAction, lastIndex: number): void {
    while (stack.length > 0 && stack[stack.length - 1] !== a) this.abandon(stack.pop() as LogAction, lastIndex);
  }

  private endAction(a: LogAction, duration: number | undefined, index: number): void {
    this.ended = a;
    a.state = 'ended';
    a.durationSeconds = duration;
    a.endIndex = index;
    a.lastIndex = index;
  }

  private abandon(a: LogAction, lastIndex: number): void {
    a.state = 'did-not-end';
    if (a.implicit && a.children.length > 0) {
      // Children are closed first (deeper on the stack), so the last one has its lastIndex.
      const lastChild = a.children[a.children.length - 1];
      a.lastIndex = lastChild.lastIndex ?? lastIndex;
    } else {
      a.lastIndex = Math.max(lastIndex, a.startIndex);
    }
  }

  private attach(a: LogAction): void {
    const parent = a.parent;
    if (parent === undefined) this.roots.push(a);
    else parent.children.push(a);
    this.all.push(a);
    // An implicit parent not named by an `end:` line: named after its children when they say it
    // (checked one child at a time: O(1) per record).
    if (parent !== undefined && parent.implicit) {
      if (parent.children.length === 1 && parent.name === '') {
        const inferred = inferParentName(parent.level, [a.name]);
        if (inferred !== undefined) {
          parent.name = inferred;
          parent.nameInferred = true;
        }
      } else if (parent.nameInferred && inferParentName(parent.level, [parent.children[0].name, a.name]) !== parent.name) {
        parent.name = '';
        parent.nameInferred = false;
      }
    }
  }

  private updateCurrent(): void {
    let best: LogAction | undefined;
    for (const s of this.stacks.values()) {
      // An implicit action on top has no open child: records now are not its
      // (it holds only its children's), they belong to the action below.
      let k = s.length - 1;
      while (k >= 0 && s[k].implicit) k--;
      const top = k >= 0 ? s[k] : undefined;
      if (top !== undefined && (best === undefined || top.startIndex > best.startIndex)) best = top;
    }
    this.cur = best;
  }
}
