// core/jobSchema — offline checks of a job definition as you type (issue 23): `checkDefinition`.
//
// The rules all come from schemas/lava-job.schema.json: this is a generic JSON Schema walk over the
// YAML nodes (so each problem sits on its exact node), plus the wording of a few problem kinds.
// Rules the schema cannot express, written here (LAVA's `extra_checks`):
//   - an action timeout, or a global `timeouts.action(s)` / `connection(s)`, longer than the job's
//     (check_job_timeouts).
// (check_multinode_extras, check_multinode_roles and check_namespace are in the schema as if/then.)
//
// Bounded: the parse has the caps of src/core/submit/definition.ts; the walk visits each data node
// a few times (once per schema node that applies, anyOf branches included) and stops after
// MAX_OPS steps; at most MAX_YAML_PROBLEMS problems are reported.
import type { Node, Pair } from 'yaml';
import type { SchemaProblem } from '../model/jobSchema';
import { MAX_YAML_PROBLEMS } from '../submit/definition';
import { SCHEMA_TEXT } from '../text/schemaText';
import { yamlLib } from '../util/yaml';
import {
  isExtraKey,
  JOB_SCHEMA,
  type JsonSchema,
  matches,
  patternOf,
  propertySchema,
  resolve,
  type Schema,
  TIMEOUT_REF,
  typeAllowed,
  typeOfValue,
  typesOf,
} from './schema';
import { keyName, parseTree, type YamlTree } from './yamlTree';

/** Steps the walk may take for one text (a 64 KB definition takes some tens of thousands). */
export const MAX_OPS = 400_000;

type Problem = SchemaProblem;

/** Where a value sits: its node, the key it is under, and how a message names it. */
interface Loc {
  readonly node?: Node | null;
  readonly key?: Node | null;
  /** How a message names the place ("`to`", "entry 2 of `actions`"). */
  readonly what: string;
  /** Where a problem goes when the node has no range of its own. */
  readonly fallback: readonly [number, number];
}

interface Ctx {
  readonly text: string;
  ops: number;
  readonly budget: { ops: number; lenient?: boolean };
  /** LAVA's `strict=False`: extra keys pass, except in closed mappings (`x-lava-closed`). */
  readonly lenient: boolean;
}

export interface CheckOptions {
  /**
   * LAVA's `strict` (default true, as the web UI and `lavacli jobs validate --strict` check): false lets
   * unknown keys through (what the scheduler's submit and `scheduler.jobs.validate` do by default),
   * except in mappings always closed (the job's `context`).
   */
  readonly strict?: boolean;
  /** The steps the walk took (the perf tests count them). */
  readonly stats?: { ops: number };
}

/** Offline problems of a job definition's text, sorted by offset (at most MAX_YAML_PROBLEMS). */
export function checkDefinition(text: string, options: CheckOptions = {}): SchemaProblem[] {
  return checkTree(parseTree(text), JOB_SCHEMA, options);
}

/** The same for a text already parsed (completion and diagnostics share one parse). */
export function checkTree(tree: YamlTree, root: JsonSchema = JOB_SCHEMA, options: CheckOptions = {}): SchemaProblem[] {
  const lenient = options.strict === false;
  const stats = options.stats;
  const out: Problem[] = [];
  for (const e of tree.errors) {
    // LAVA's loader (PyYAML) keeps the last of repeated keys: a warning, the job still runs.
    if (e.code === 'duplicate-key') {
      out.push({
        start: e.start,
        end: e.end,
        message: SCHEMA_TEXT.duplicateKey(keyOfText(tree.text.slice(e.start, e.end))),
        code: e.code,
        severity: 'warning',
      });
    } else {
      // A text too big to read is not wrong for LAVA: said, as a warning.
      out.push({ start: e.start, end: e.end, message: e.message, code: e.code, severity: e.code === 'too-big' ? 'warning' : 'error' });
    }
  }
  // While the YAML itself is broken the data is partial: the schema would only add noise.
  const broken = tree.errors.some((e) => e.code !== 'duplicate-key');
  const doc = tree.doc;
  if (!broken && doc && doc.contents) {
    const ctx: Ctx = { text: tree.text, ops: MAX_OPS, budget: { ops: MAX_OPS, lenient }, lenient };
    const first = firstKeyRange(doc.contents) ?? [0, Math.min(tree.text.length, lineEnd(tree.text, 0))];
    const loc: Loc = { node: doc.contents as Node, what: SCHEMA_TEXT.documentWhat, fallback: first };
    check(ctx, root, tree.data, loc, out);
    checkTimeoutsAgainstJob(tree, out);
    if (stats) stats.ops = MAX_OPS - ctx.ops + (MAX_OPS - ctx.budget.ops);
  }
  return finish(out);
}

function finish(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const p of problems) {
    const id = `${p.start}:${p.end}:${p.code}:${p.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(p);
  }
  out.sort((a, b) => a.start - b.start || a.end - b.end);
  return out.slice(0, MAX_YAML_PROBLEMS);
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}

function firstKeyRange(root: unknown): [number, number] | undefined {
  const Y = yamlLib();
  if (!Y.isMap(root) || !root.items.length) return undefined;
  const r = (root.items[0] as Pair<Node>).key?.range;
  return r ? [r[0], r[1]] : undefined;
}

function rangeOfNode(node: Node | null | undefined): [number, number] | undefined {
  const r = node?.range;
  return r && r[1] > r[0] ? [r[0], r[1]] : undefined;
}

/** Where a problem about the value goes: the value, else its key, else the fallback. */
function valueRange(loc: Loc): readonly [number, number] {
  return rangeOfNode(loc.node) ?? rangeOfNode(loc.key) ?? loc.fallback;
}

/** Where a problem about the mapping as a whole goes: its key, else the mapping's first line. */
function keyRange(loc: Loc): readonly [number, number] {
  return rangeOfNode(loc.key) ?? loc.fallback;
}

function problem(at: readonly [number, number], code: string, message: string, severity: 'error' | 'warning' = 'error'): Problem {
  return { start: at[0], end: at[1], code, message, severity };
}

function display(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value)?.slice(0, 200) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The walk: problems of `value` (at `loc`) against `schema`, into `out`. */
function check(ctx: Ctx, schema: Schema, value: unknown, loc: Loc, out: Problem[]): void {
  if (--ctx.ops < 0 || out.length > MAX_YAML_PROBLEMS * 4) return;
  const isTimeout = typeof schema === 'object' && schema.$ref === TIMEOUT_REF;
  const s = resolve(schema);
  if (s === true) return;
  if (s === false) {
    out.push(problem(keyRange(loc), 'not-allowed', SCHEMA_TEXT.notValid(loc.what)));
    return;
  }
  const actual = typeOfValue(value);
  const types = typesOf(s);
  if (!typeAllowed(types, actual)) {
    if (isTimeout) out.push(timeoutUnit(ctx, value, loc));
    else
      out.push(problem(actual === 'null' ? keyRange(loc) : valueRange(loc), 'wrong-type', SCHEMA_TEXT.wrongType(loc.what, types, actual)));
    return;
  }
  if (s.enum !== undefined && !s.enum.some((e) => e === value)) {
    out.push(notAllowed(ctx, value, s.enum, loc));
    return;
  }
  if (s.const !== undefined && s.const !== value) {
    out.push(notAllowed(ctx, value, [s.const], loc));
    return;
  }
  if (typeof value === 'number') checkNumber(s, value, loc, out);
  if (typeof value === 'string') checkString(s, value, loc, out);
  if (actual === 'array') checkArray(ctx, s, value as unknown[], loc, out);
  if (actual === 'object') checkObject(ctx, s, value as Record<string, unknown>, loc, out);
  for (const sub of s.allOf ?? []) check(ctx, sub, value, loc, out);
  const branches = s.anyOf ?? s.oneOf;
  if (branches) checkBranches(ctx, branches, value, loc, out, isTimeout);
  if (s.not !== undefined && matches(s.not, value, ctx.budget)) out.push(notRule(ctx, s.not, value, loc));
  if (s.if !== undefined) {
    const branch = matches(s.if, value, ctx.budget) ? s.then : s.else;
    if (branch !== undefined) check(ctx, branch, value, loc, out);
  }
}

function checkNumber(s: JsonSchema, value: number, loc: Loc, out: Problem[]): void {
  const at = valueRange(loc);
  if (s.minimum !== undefined && value < s.minimum) out.push(problem(at, 'not-allowed', SCHEMA_TEXT.tooSmall(loc.what, s.minimum, false)));
  else if (s.exclusiveMinimum !== undefined && value <= s.exclusiveMinimum)
    out.push(problem(at, 'not-allowed', SCHEMA_TEXT.tooSmall(loc.what, s.exclusiveMinimum, true)));
  if (s.maximum !== undefined && value > s.maximum) out.push(problem(at, 'not-allowed', SCHEMA_TEXT.tooLarge(loc.what, s.maximum, false)));
  else if (s.exclusiveMaximum !== undefined && value >= s.exclusiveMaximum)
    out.push(problem(at, 'not-allowed', SCHEMA_TEXT.tooLarge(loc.what, s.exclusiveMaximum, true)));
}

function checkString(s: JsonSchema, value: string, loc: Loc, out: Problem[]): void {
  const at = valueRange(loc);
  if (s.minLength !== undefined && value.length < s.minLength)
    out.push(problem(at, 'not-allowed', SCHEMA_TEXT.tooShort(loc.what, s.minLength)));
  if (s.maxLength !== undefined && value.length > s.maxLength)
    out.push(problem(at, 'not-allowed', SCHEMA_TEXT.tooLong(loc.what, s.maxLength)));
  if (s.pattern !== undefined && patternOf(s.pattern)?.test(value) === false)
    out.push(problem(at, 'not-allowed', SCHEMA_TEXT.badPattern(loc.what, value)));
}

function checkArray(ctx: Ctx, s: JsonSchema, items: unknown[], loc: Loc, out: Problem[]): void {
  if (s.minItems !== undefined && items.length < s.minItems)
    out.push(problem(valueRange(loc), 'not-allowed', SCHEMA_TEXT.tooFewItems(loc.what, s.minItems)));
  if (s.maxItems !== undefined && items.length > s.maxItems)
    out.push(problem(valueRange(loc), 'not-allowed', SCHEMA_TEXT.tooManyItems(loc.what, s.maxItems)));
  if (s.items === undefined) return;
  const Y = yamlLib();
  const seq = Y.isSeq(loc.node) ? (loc.node.items as (Node | null)[]) : [];
  const parentKey = loc.key && Y.isScalar(loc.key) ? keyName(loc.key) : undefined;
  const fallback = valueRange(loc);
  items.forEach((item, i) => {
    const node = seq[i] ?? undefined;
    check(ctx, s.items as Schema, item, { node, what: SCHEMA_TEXT.itemWhat(i, parentKey), fallback: rangeOfNode(node) ?? fallback }, out);
  });
}

function checkObject(ctx: Ctx, s: JsonSchema, map: Record<string, unknown>, loc: Loc, out: Problem[]): void {
  const Y = yamlLib();
  const pairs = new Map<string, Pair<Node, Node | null>>();
  if (Y.isMap(loc.node)) {
    for (const pair of loc.node.items as Pair<Node, Node | null>[]) {
      const name = keyName(pair.key);
      if (name !== undefined && !pairs.has(name)) pairs.set(name, pair);
    }
  }
  const keys = Object.keys(map);
  for (const name of s.required ?? []) {
    if (!(name in map)) out.push(missingKey(ctx, name, loc));
  }
  if (s.minProperties !== undefined && keys.length < s.minProperties)
    out.push(problem(keyRange(loc), 'missing-key', SCHEMA_TEXT.tooFewKeys(loc.what, s.minProperties)));
  if (s.maxProperties !== undefined && keys.length > s.maxProperties)
    out.push(problem(keyRange(loc), 'not-allowed', SCHEMA_TEXT.tooManyKeys(loc.what, s.maxProperties)));
  if (!s.properties && !s.patternProperties && s.additionalProperties === undefined) return;
  const fallback = keyRange(loc);
  for (const name of keys) {
    const pair = pairs.get(name);
    const sub = propertySchema(s, name);
    if (sub === undefined) continue;
    const keyAt = rangeOfNode(pair?.key) ?? fallback;
    if (sub === false) {
      if (ctx.lenient && isExtraKey(s, name)) continue;
      if (s.properties?.[name] === false) {
        out.push(problem(keyAt, 'not-allowed', SCHEMA_TEXT.notAllowedKey(name, s['x-lava-message'])));
      } else {
        out.push(unknownKey(name, Object.keys(s.properties ?? {}), keyAt));
      }
      continue;
    }
    check(ctx, sub, map[name], { node: pair?.value ?? undefined, key: pair?.key, what: SCHEMA_TEXT.keyWhat(name), fallback: keyAt }, out);
  }
}

function unknownKey(name: string, known: readonly string[], at: readonly [number, number]): Problem {
  const suggestion = closest(name, known);
  const p = problem(at, 'unknown-key', SCHEMA_TEXT.unknownKey(name, suggestion), 'warning');
  if (suggestion === undefined) return p;
  return { ...p, fix: { title: SCHEMA_TEXT.fixRename(suggestion), edits: [{ start: at[0], end: at[1], text: suggestion }] } };
}

/** One of several shapes: fine when one fits; otherwise the problems of the shape that fits best. */
function checkBranches(ctx: Ctx, branches: readonly Schema[], value: unknown, loc: Loc, out: Problem[], isTimeout: boolean): void {
  const actual = typeOfValue(value);
  // The usual case, a shape fits: found without wording any problem.
  if (branches.some((b) => matches(b, value, ctx.budget))) return;
  const results: { problems: Problem[]; typed: boolean; resolved: Schema }[] = [];
  for (const b of branches) {
    const problems: Problem[] = [];
    check(ctx, b, value, loc, problems);
    if (!problems.length) return;
    const r = resolve(b);
    results.push({ problems, typed: typeof r === 'object' && typeOfTyped(r, actual), resolved: r });
  }
  const typed = results.filter((r) => r.typed);
  if (!typed.length) {
    const types = new Set<string>();
    for (const r of results) if (typeof r.resolved === 'object') for (const t of typesOf(r.resolved)) types.add(t);
    if (isTimeout) out.push(timeoutUnit(ctx, value, loc));
    else
      out.push(
        problem(actual === 'null' ? keyRange(loc) : valueRange(loc), 'wrong-type', SCHEMA_TEXT.wrongType(loc.what, [...types], actual)),
      );
    return;
  }
  // Mappings none of whose required keys are there (a timeout's unit, a role's shape): say which keys
  // would choose a shape, and the keys no shape knows.
  if (actual === 'object' && typed.every((r) => typeof r.resolved === 'object' && r.resolved.required?.length)) {
    const map = value as Record<string, unknown>;
    const anyChosen = typed.some((r) => (r.resolved as JsonSchema).required?.every((k) => k in map));
    if (!anyChosen) {
      const choosers = [...new Set(typed.map((r) => (r.resolved as JsonSchema).required?.find((k) => !(k in map)) ?? ''))].filter(Boolean);
      const known = [...new Set(typed.flatMap((r) => Object.keys((r.resolved as JsonSchema).properties ?? {})))];
      const shared = typed.map((r) =>
        r.problems.filter((p) => p.code === 'unknown-key' || p.code === 'wrong-type' || p.code === 'not-allowed'),
      );
      out.push(problem(keyRange(loc), 'missing-key', SCHEMA_TEXT.missingOneOf(choosers, loc.what)));
      // Problems every shape finds (an unknown key is unknown to all), with the suggestion from all shapes' keys.
      const inAll = shared[0].filter((p) => shared.every((list) => list.some((q) => q.start === p.start && q.code === p.code)));
      for (const p of inAll) {
        if (p.code === 'unknown-key') {
          const name = ctx.text.slice(p.start, p.end);
          out.push(unknownKey(keyOfText(name), known, [p.start, p.end]));
        } else out.push(p);
      }
      return;
    }
  }
  let best = typed[0];
  for (const r of typed) if (score(r.problems) < score(best.problems)) best = r;
  out.push(...best.problems);
}

function typeOfTyped(s: JsonSchema, actual: string): boolean {
  return typeAllowed(typesOf(s), actual);
}

function score(problems: readonly Problem[]): number {
  return problems.reduce((n, p) => n + (p.code === 'missing-key' ? 2 : 1), 0);
}

/** A key as written (quotes removed) for matching. */
function keyOfText(text: string): string {
  const m = /^(["'])(.*)\1$/s.exec(text);
  return m ? m[2] : text;
}

function notAllowed(ctx: Ctx, value: unknown, allowed: readonly unknown[], loc: Loc): Problem {
  const names = allowed.filter((v) => v !== null).map((v) => String(v));
  const text = display(value);
  const suggestion = typeof value === 'string' ? closest(value, names) : undefined;
  const at = valueRange(loc);
  const p = problem(at, 'not-allowed', SCHEMA_TEXT.notAllowedValue(text, loc.what, names, suggestion));
  if (suggestion === undefined || !rangeOfNode(loc.node)) return p;
  return { ...p, fix: { title: SCHEMA_TEXT.fixRename(suggestion), edits: [{ start: at[0], end: at[1], text: suggestion }] } };
}

function notRule(ctx: Ctx, not: Schema, value: unknown, loc: Loc): Problem {
  const n = resolve(not);
  if (typeof n === 'object' && n.enum) return problem(valueRange(loc), 'not-allowed', SCHEMA_TEXT.reservedValue(display(value), loc.what));
  if (typeof n === 'object' && n.anyOf) {
    for (const b of n.anyOf) {
      const r = resolve(b);
      if (typeof r === 'object' && r.required && matches(r, value, ctx.budget)) {
        return problem(keyRange(loc), 'not-allowed', SCHEMA_TEXT.exclusiveKeys(r.required));
      }
    }
  }
  return problem(keyRange(loc), 'not-allowed', SCHEMA_TEXT.notValid(loc.what));
}

function missingKey(ctx: Ctx, name: string, loc: Loc): Problem {
  const p = problem(keyRange(loc), 'missing-key', SCHEMA_TEXT.missingKey(name, loc.what));
  const Y = yamlLib();
  const map = loc.node;
  if (!Y.isMap(map) || map.flow || !map.items.length) return p;
  const firstKey = (map.items[0] as Pair<Node>).key;
  const start = firstKey?.range?.[0];
  if (start === undefined) return p;
  const column = start - (ctx.text.lastIndexOf('\n', start - 1) + 1);
  const text = `${name}: \n${' '.repeat(column)}`;
  return { ...p, fix: { title: SCHEMA_TEXT.fixAddKey(name), edits: [{ start, end: start, text }] } };
}

const UNITS: Readonly<Record<string, string>> = {
  d: 'days',
  day: 'days',
  days: 'days',
  h: 'hours',
  hour: 'hours',
  hours: 'hours',
  m: 'minutes',
  min: 'minutes',
  mins: 'minutes',
  minute: 'minutes',
  minutes: 'minutes',
  s: 'seconds',
  sec: 'seconds',
  secs: 'seconds',
  second: 'seconds',
  seconds: 'seconds',
};

/** A timeout written as a scalar: `5m`, `10 minutes` have an obvious fix (`{minutes: 5}`); a bare number has none. */
function timeoutUnit(ctx: Ctx, value: unknown, loc: Loc): Problem {
  const p = problem(value === null ? keyRange(loc) : valueRange(loc), 'timeout-unit', SCHEMA_TEXT.timeoutUnit(loc.what, display(value)));
  const m = typeof value === 'string' ? /^\s*(\d+)\s*([a-zA-Z]+)\s*$/.exec(value) : null;
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  const at = rangeOfNode(loc.node);
  if (!m || !unit || !at || Number(m[1]) < 1) return p;
  const text = `{${unit}: ${Number(m[1])}}`;
  void ctx;
  return { ...p, fix: { title: SCHEMA_TEXT.fixTimeout(text), edits: [{ start: at[0], end: at[1], text }] } };
}

/** The closest name (edit distance at most a third of the word, 1 to 3), if any. */
export function closest(word: string, names: readonly string[]): string | undefined {
  if (word.length > 64) return undefined;
  const w = word.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.floor(w.length / 3)));
  let best: string | undefined;
  let bestD = limit + 1;
  for (const name of names) {
    if (name === word || Math.abs(name.length - w.length) > limit) continue;
    const d = editDistance(w, name.toLowerCase(), bestD);
    if (d < bestD) {
      bestD = d;
      best = name;
    }
  }
  return best;
}

/** Levenshtein distance with adjacent swaps counted as one (stops early past `max`). Both words ≤ 64 characters. */
export function editDistance(a: string, b: string, max: number): number {
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let low = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      row.push(d);
      if (d < low) low = d;
    }
    if (low > max) return low;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length];
}

// ---- The one cross-field rule the schema cannot express: no timeout longer than the job's. ----

const SECONDS: Readonly<Record<string, number>> = { days: 86400, hours: 3600, minutes: 60, seconds: 1 };

/** A timeout's length in seconds as LAVA's Timeout.parse reads it (undefined: not a timeout mapping). */
export function timeoutSeconds(value: unknown): number | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  let total = 0;
  for (const [unit, n] of Object.entries(SECONDS)) {
    const v = (value as Record<string, unknown>)[unit];
    if (typeof v === 'number') total += v * n;
  }
  return total > 0 ? total : undefined;
}

function checkTimeoutsAgainstJob(tree: YamlTree, out: Problem[]): void {
  const data = tree.data as Record<string, unknown> | null;
  if (!data || typeof data !== 'object') return;
  const timeouts = data.timeouts as Record<string, unknown> | undefined;
  if (!timeouts || typeof timeouts !== 'object') return;
  const job = timeoutSeconds(timeouts.job);
  if (job === undefined) return;
  const over = (seconds: number | undefined, path: (string | number)[], what: string) => {
    if (seconds === undefined || seconds <= job) return;
    const r = tree.rangeOf(path);
    const at = r?.keyRange ?? r?.valueRange;
    if (at)
      out.push({
        start: at[0],
        end: at[1],
        code: 'timeout-over-job',
        message: SCHEMA_TEXT.timeoutOverJob(what, seconds, job),
        severity: 'error',
      });
  };
  for (const key of ['action', 'connection'])
    over(timeoutSeconds(timeouts[key]), ['timeouts', key], SCHEMA_TEXT.globalTimeoutWhat(`timeouts.${key}`));
  for (const group of ['actions', 'connections']) {
    const named = timeouts[group];
    if (!named || typeof named !== 'object' || Array.isArray(named)) continue;
    for (const [name, t] of Object.entries(named as Record<string, unknown>)) {
      over(timeoutSeconds(t), ['timeouts', group, name], SCHEMA_TEXT.globalTimeoutWhat(`timeouts.${group}.${name}`));
    }
  }
  const actions = data.actions;
  if (!Array.isArray(actions)) return;
  actions.forEach((action: unknown, i) => {
    if (!action || typeof action !== 'object' || Array.isArray(action)) return;
    const kind = Object.keys(action)[0];
    const body = kind === undefined ? undefined : (action as Record<string, unknown>)[kind];
    if (!body || typeof body !== 'object' || Array.isArray(body)) return;
    over(
      timeoutSeconds((body as Record<string, unknown>).timeout),
      ['actions', i, kind, 'timeout'],
      SCHEMA_TEXT.actionTimeoutWhat(i, kind),
    );
  });
}
