// core/submit — LAVA's answers about a definition turned into problems on the YAML node they name.
//
// The three places LAVA 2023.01 names a problem (test/simulator/data/submit/README.md):
//  - XML-RPC scheduler.jobs.validate: {path: "['actions', 'deploy', 'tmpfz']", msg} (Python str(list));
//  - submit 400: "Problem with submitted job data: <msg> @ data['timeouts']['job']['minutes']",
//    or a few texts of its own ("job submission failed: 'device_type'.", "Invalid job priority: 101. …",
//    "Devices unavailable: Device type 'qemux' is unavailable.");
//  - REST validate: "Job invalid: <msg>", without a path (we guess the node from the message);
//    from LAVA 2025.02 "Job invalid: <msg> @ ['job_name']" (still HTTP 200): the path is read.
import type { Pair, YAMLMap, YAMLSeq } from 'yaml';
import { documentStart, JobDefinition, nodeRange, TextRange } from './definition';
import { yamlLib } from '../yaml';

/** A path into the job as LAVA's schema names it: keys, list indexes, and LAVA's own `actions[0]` form. */
export type LavaPath = readonly (string | number)[];

/** How a problem's range was found. */
export type Located =
  /** The server named the node (XML-RPC path, submit's `@ data[…]` or a text that names a key). */
  | 'path'
  /** The server gave only a message (REST validate): the node was guessed from it. */
  | 'guess'
  /** Nothing better than the start of the document. */
  | 'start';

/** A problem LAVA found in a definition, placed on the YAML node it is about. */
export interface DefinitionProblem {
  /** LAVA's words. */
  message: string;
  /** The path LAVA named (XML-RPC or submit), if any. */
  path?: LavaPath;
  range: TextRange;
  located: Located;
}

/** A problem as LAVA words it, before it is placed: its message and the path it names, if any. */
export interface ServerProblem {
  message: string;
  path?: LavaPath;
  /** A YAML error position LAVA quoted (PyYAML's "line L, column C", 0-based here). */
  yamlPosition?: { line: number; col: number };
}

// ---------------------------------------------------------------------------------------------
// Parsing LAVA's texts

/**
 * Python's `str(list)` of strings and ints: `"['actions', 'deploy', 'tmpfz']"`, `"[]"`,
 * `"['actions', 0, \"it's\"]"`. Undefined when the text is not that.
 */
export function parsePythonList(text: string): LavaPath | undefined {
  const s = text.trim();
  if (!s.startsWith('[') || !s.endsWith(']')) return undefined;
  const out: (string | number)[] = [];
  let i = 1;
  const end = s.length - 1;
  const skipSpace = () => {
    while (i < end && /\s/.test(s[i])) i++;
  };
  skipSpace();
  if (i === end) return out;
  for (;;) {
    skipSpace();
    const item = readPythonAtom(s, i, end);
    if (!item) return undefined;
    out.push(item.value);
    i = item.next;
    skipSpace();
    if (i === end) return out;
    if (s[i] !== ',') return undefined;
    i++;
  }
}

/** One string ('…' or "…" with Python escapes) or int at `i`. */
function readPythonAtom(s: string, i: number, end: number): { value: string | number; next: number } | undefined {
  const q = s[i];
  if (q === "'" || q === '"') {
    let value = '';
    let j = i + 1;
    while (j < end && s[j] !== q) {
      if (s[j] === '\\' && j + 1 < end) {
        const e = s[j + 1];
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };
        if (e in simple) {
          value += simple[e];
          j += 2;
          continue;
        }
        const hex = /^(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))/.exec(s.slice(j + 1, j + 11));
        // Past U+10FFFF (`\U7fffffff`) no character exists: the escape is kept as written.
        const code = hex ? parseInt(hex[1] ?? hex[2] ?? hex[3], 16) : NaN;
        if (hex && code <= 0x10ffff) {
          value += String.fromCodePoint(code);
          j += 1 + hex[0].length;
          continue;
        }
      }
      value += s[j];
      j++;
    }
    if (j >= end) return undefined;
    return { value, next: j + 1 };
  }
  const m = /^-?\d+/.exec(s.slice(i, end));
  if (!m) return undefined;
  return { value: Number(m[0]), next: i + m[0].length };
}

/** voluptuous' `data['timeouts']['job']['minutes']` / `data['actions'][0]` → the path. */
export function parseDataPath(text: string): LavaPath | undefined {
  const s = text.trim();
  if (!s.startsWith('data')) return undefined;
  const out: (string | number)[] = [];
  let i = 4;
  while (i < s.length) {
    if (s[i] !== '[') return undefined;
    const item = readPythonAtom(s, i + 1, s.length);
    if (!item || s[item.next] !== ']') return undefined;
    out.push(item.value);
    i = item.next + 1;
  }
  return out;
}

const SUBMIT_PREFIX = 'Problem with submitted job data: ';

/**
 * The 400 message of `POST /api/v0.2/jobs/` → LAVA's message (kept whole) and the path it names:
 * `… @ data['a']['b']`; `job submission failed: 'device_type'.` (a KeyError: that key is missing);
 * `Invalid job priority: 101. …` (priority); `Device type 'qemux' is unavailable` (device_type);
 * PyYAML's `line L, column C` for text that is not YAML.
 */
export function parseSubmitMessage(message: string): ServerProblem {
  const at = message.lastIndexOf(' @ data');
  if (at >= 0) {
    const path = parseDataPath(message.slice(at + 3));
    if (path) return { message, path };
  }
  const keyError = /^job submission failed: '([^']+)'\.?$/.exec(message.trim());
  if (keyError) return { message, path: [keyError[1]] };
  if (/Invalid job priority:/.test(message)) return { message, path: ['priority'] };
  if (/Device type '[^']*' is unavailable|Devices unavailable/.test(message)) return { message, path: ['device_type'] };
  const marks = [...message.matchAll(/line (\d+), column (\d+)/g)];
  if (marks.length) {
    const last = marks[marks.length - 1];
    return { message, yamlPosition: { line: Number(last[1]) - 1, col: Number(last[2]) - 1 } };
  }
  if (message.startsWith(SUBMIT_PREFIX) && /expected a dictionary$/.test(message)) return { message, path: [] };
  return { message };
}

/**
 * REST validate's `{"message": …}`: `Job valid.` → valid; `Job invalid: <msg>` → msg; from LAVA
 * 2025.02 `Job invalid: <msg> @ <path>` (voluptuous' path, Python's str(list)) → msg and path;
 * anything else → undefined.
 */
export function parseRestValidateMessage(
  message: string,
): { valid: true } | { valid: false; message: string; path?: LavaPath } | undefined {
  const m = message.trim();
  if (m === 'Job valid.') return { valid: true };
  const invalid = /^Job invalid: ([\s\S]*)$/.exec(m);
  if (!invalid) return undefined;
  const said = invalid[1];
  // The first ` @ [` whose rest is a whole Python list (a message may hold ` @ [` itself).
  for (let at = said.indexOf(' @ ['); at >= 0; at = said.indexOf(' @ [', at + 1)) {
    const path = parsePythonList(said.slice(at + 3));
    if (path) return { valid: false, message: said.slice(0, at), path };
  }
  return { valid: false, message: said };
}

// ---------------------------------------------------------------------------------------------
// Placing a path in the document

/** The node a path reaches, or the nearest ancestor when it names something missing. */
interface Reached {
  /** The pair whose key names the last node reached (undefined at the top level or in a list). */
  pair?: Pair;
  /** The last node reached (a pair's value or a list item). */
  node: unknown;
  /** False when the path went on past what exists. */
  complete: boolean;
  /** The first path element that was not found (when !complete). */
  missing?: string | number;
}

const TIMEOUT_UNITS = ['days', 'hours', 'minutes', 'seconds'];
const ACTION_METHOD_KEY: Record<string, string> = { deploy: 'to', boot: 'method' };

/** Where in the document `path` points: a range, and whether it is the exact node. */
export function locatePath(def: JobDefinition, path: LavaPath, message = ''): { range: TextRange; exact: boolean } {
  const Y = yamlLib();
  const root = def.doc.contents;
  if (path.length === 0) {
    // The whole job: device_type's place for device_type's messages, else the document start
    if (/device_type/.test(message) && Y.isMap(root)) {
      const pair = findPair(root, 'device_type');
      if (pair) return { range: pairRange(def, pair, false), exact: true };
    }
    return { range: documentStart(def), exact: true };
  }
  const method = actionMethod(def, path);
  if (method) return { range: method, exact: true };
  const r = walk(root, path);
  if (!r.complete) {
    // A missing timeout unit: voluptuous' Any() reports its last alternative (`days`) when the
    // unit given is wrong (`minutes: abc`): point at the unit that is there.
    if (typeof r.missing === 'string' && TIMEOUT_UNITS.includes(r.missing) && Y.isMap(r.node)) {
      const unit = r.node.items.find((p) => TIMEOUT_UNITS.includes(scalarKey(p) ?? ''));
      if (unit) return { range: pairRange(def, unit, false), exact: true };
    }
    if (r.pair) return { range: pairRange(def, r.pair, true), exact: false };
    if (r.node !== root) return { range: itemRange(def, r.node), exact: false };
    // Missing at the top level: device_type's place when that is what is missing, else the start
    return { range: documentStart(def), exact: false };
  }
  const onKey = /extra keys not allowed/.test(message);
  if (r.pair) return { range: pairRange(def, r.pair, onKey), exact: true };
  return { range: itemRange(def, r.node), exact: true };
}

/**
 * `['actions', 'deploy', 'tmpfz']` ("unknown action type"): the deploy action whose `to:` is
 * tmpfz (a boot action's `method:`), on that line. LAVA names the class with `_` for `-`.
 */
function actionMethod(def: JobDefinition, path: LavaPath): TextRange | undefined {
  const Y = yamlLib();
  if (path.length !== 3 || path[0] !== 'actions' || typeof path[1] !== 'string' || typeof path[2] !== 'string') return undefined;
  if (/^\d+$/.test(path[1])) return undefined;
  const root = def.doc.contents;
  const actions = Y.isMap(root) ? root.get('actions', true) : undefined;
  if (!Y.isSeq(actions)) return undefined;
  const type = path[1];
  const wanted = path[2].replace(/-/g, '_');
  const key = ACTION_METHOD_KEY[type];
  let first: Pair | undefined;
  for (const item of actions.items) {
    if (!Y.isMap(item)) continue;
    const pair = findPair(item, type);
    if (!pair) continue;
    first ??= pair;
    if (!key || !Y.isMap(pair.value)) continue;
    const m = findPair(pair.value, key);
    if (m && Y.isScalar(m.value) && String(m.value.value).replace(/-/g, '_') === wanted) return pairRange(def, m, false);
  }
  return first ? pairRange(def, first, true) : undefined;
}

function walk(root: unknown, path: LavaPath): Reached {
  const Y = yamlLib();
  let node: unknown = root;
  let pair: Pair | undefined;
  for (let i = 0; i < path.length; i++) {
    const el = path[i];
    // LAVA's own form for errors inside an action: ['actions[0]', 'deploy', 'tmpfs', <path in the action>]
    const indexed = typeof el === 'string' ? /^(.+)\[(\d+)\]$/.exec(el) : null;
    if (indexed && Y.isMap(node)) {
      const list = findPair(node, indexed[1]);
      if (!list) return { pair, node, complete: false, missing: indexed[1] };
      const item = Y.isSeq(list.value) ? list.value.items[Number(indexed[2])] : undefined;
      if (item === undefined) return { pair: list, node: list.value, complete: false, missing: Number(indexed[2]) };
      pair = undefined;
      node = item;
      if (indexed[1] === 'actions' && typeof path[i + 1] === 'string' && Y.isMap(item)) {
        const typePair = findPair(item, String(path[i + 1]));
        if (typePair) {
          pair = typePair;
          node = typePair.value;
          i++;
          // then the action class (deploy.tmpfs, test.interactive…): not a key of the document
          if (path[i] !== 'command' && i + 1 < path.length && typeof path[i + 1] === 'string' && !findPair(node, String(path[i + 1]))) i++;
        }
      }
      continue;
    }
    if (Y.isMap(node)) {
      const p = findPair(node, String(el));
      if (!p) return { pair, node, complete: false, missing: el };
      pair = p;
      node = p.value;
      continue;
    }
    if (Y.isSeq(node)) {
      const idx = typeof el === 'number' ? el : /^\d+$/.test(el) ? Number(el) : NaN;
      const item = Number.isInteger(idx) ? (node as YAMLSeq).items[idx] : undefined;
      if (item === undefined) return { pair, node, complete: false, missing: el };
      pair = undefined;
      node = item;
      continue;
    }
    return { pair, node, complete: false, missing: el };
  }
  return { pair, node, complete: true };
}

function findPair(node: unknown, key: string): Pair | undefined {
  if (!yamlLib().isMap(node)) return undefined;
  return (node as YAMLMap).items.find((p) => scalarKey(p) === key);
}

function scalarKey(p: Pair): string | undefined {
  const k = p.key;
  if (yamlLib().isScalar(k)) return String(k.value);
  return typeof k === 'string' || typeof k === 'number' ? String(k) : undefined;
}

/**
 * A pair's place: its value when that is a scalar with text (`minutes: abc` → `abc`), else its
 * key (a whole block would cover dozens of lines; the key names it).
 */
function pairRange(def: JobDefinition, pair: Pair, onKey: boolean): TextRange {
  const key = nodeRange(def, pair.key);
  if (!onKey && yamlLib().isScalar(pair.value)) {
    const r = pair.value.range;
    if (r && r[1] > r[0]) return nodeRange(def, pair.value) ?? key ?? documentStart(def);
  }
  return key ?? documentStart(def);
}

/** A list item's place: a scalar item itself, a mapping item's first key. */
function itemRange(def: JobDefinition, node: unknown): TextRange {
  const Y = yamlLib();
  if (Y.isMap(node) && node.items.length) return pairRange(def, node.items[0] as Pair, true);
  return nodeRange(def, node) ?? documentStart(def);
}

// ---------------------------------------------------------------------------------------------
// Problems

/** A problem with a path (XML-RPC, submit) placed in the document. */
export function problemAt(def: JobDefinition, p: ServerProblem): DefinitionProblem {
  if (p.path) return { message: p.message, path: p.path, range: locatePath(def, p.path, p.message).range, located: 'path' };
  if (p.yamlPosition) return { message: p.message, range: positionRange(def, p.yamlPosition), located: 'path' };
  return { message: p.message, range: documentStart(def), located: 'start' };
}

/**
 * The one-character range at a position a server quoted (PyYAML's "line L, column C" made 0-based),
 * inside the document: "line 0, column 0" (−1 once 0-based), a line past the end or a column past
 * its line's end are moved to the nearest place that exists (VS Code throws on a negative one).
 */
export function positionRange(def: JobDefinition, pos: { line: number; col: number }): TextRange {
  const lines = def.text.split('\n');
  const clamp = (v: number, max: number) => (Number.isFinite(v) ? Math.min(Math.max(0, Math.trunc(v)), max) : v > 0 ? max : 0);
  const line = clamp(pos.line, lines.length - 1);
  const length = lines[line].replace(/\r$/, '').length;
  const col = clamp(pos.col, length);
  return { startLine: line, startCol: col, endLine: line, endCol: Math.min(col + 1, Math.max(length, col)) };
}

/**
 * A problem without a path (REST validate's message): the node is guessed from the message
 * with a small part of LAVA's job schema (lava_common/schemas); the document start otherwise.
 */
export function problemFromMessage(def: JobDefinition, message: string): DefinitionProblem {
  const guess = guessPath(def, message);
  if (guess === undefined) return { message, range: documentStart(def), located: 'start' };
  return { message, range: locatePath(def, guess, message).range, located: 'guess' };
}

/** LAVA's known context variables (lava_common/schemas CONTEXT_VARIABLES); servers may add their own. */
const CONTEXT_VARIABLES = new Set(
  (
    'arch boot_console boot_root cpu extra_options guestfs_driveid guestfs_interface guestfs_size machine memory model monitor ' +
    'netdevice no_kvm serial vga booti_dtb_addr booti_kernel_addr booti_ramdisk_addr bootm_dtb_addr bootm_kernel_addr ' +
    'bootm_ramdisk_addr bootz_dtb_addr bootz_kernel_addr bootz_ramdisk_addr boot_character_delay bootloader_prompt ' +
    'console_device custom_kernel_args extra_kernel_args extra_nfsroot_args kernel_loglevel kernel_start_message ' +
    'lava_test_results_dir menu_interrupt_prompt mustang_menu_list test_character_delay tftp_mac_address ' +
    'uboot_extra_error_message uboot_needs_interrupt'
  ).split(' '),
);

/** Deploy `to:` and boot `method:` values LAVA knows (lava_common/schemas/{deploy,boot}/, `-` as `_`). */
const DEPLOY_METHODS = new Set(
  (
    'avh docker download downloads fastboot flasher fvp iso_installer lxc mps musca nbd nfs overlay qdl recovery_mode sata sd ' +
    'ssh tftp tmpfs u_boot_ums usb usbg_ms uuu vemsd'
  ).split(' '),
);
const BOOT_METHODS = new Set(
  (
    'avh barebox bootloader cmsis_dap depthcharge dfu docker fastboot fvp gdb grub grub_efi ipxe jlink kexec lxc minimal ' +
    'monitor musca new_connection nodebooter openocd pyocd qdl qemu qemu_iso qemu_nfs recovery_mode schroot ser_ctl ssh ' +
    'u_boot uefi uefi_menu uuu'
  ).split(' '),
);

const TOP_LEVEL_KEYS = new Set(
  'job_name device_type timeouts visibility context metadata priority tags secrets environment protocols notify reboot_to_fastboot actions'.split(
    ' ',
  ),
);

/**
 * The path a pathless LAVA message most likely means, from the document's values (the first
 * candidate in the order LAVA's schema checks); undefined when nothing fits.
 */
export function guessPath(def: JobDefinition, message: string): LavaPath | undefined {
  const data = def.doc.toJS({ maxAliasCount: 1000 }) as unknown;
  if (!isObject(data)) return /expected a dictionary/.test(message) ? [] : undefined;
  const has = (k: string) => Object.prototype.hasOwnProperty.call(data, k);
  const m = message.trim();
  if (/"device_type" or multinode should be defined/.test(m)) return [];
  if (/"device_type" should not be used with multinode/.test(m)) return ['device_type'];
  if (/"environment" should not be used with multinode/.test(m)) return ['environment'];
  if (/should have a namespace|should have roles/.test(m)) return ['actions'];
  if (/^expected a list/.test(m)) {
    for (const k of ['actions', 'tags']) if (has(k) && !Array.isArray(data[k])) return [k];
    return undefined;
  }
  if (/^expected a dictionary/.test(m)) {
    for (const k of ['timeouts', 'context', 'metadata', 'protocols', 'secrets', 'environment', 'notify'])
      if (has(k) && !isObject(data[k])) return [k];
    const actions = Array.isArray(data.actions) ? data.actions : [];
    for (let i = 0; i < actions.length; i++) {
      const a = actions[i] as unknown;
      if (!isObject(a)) return ['actions', i];
      const type = Object.keys(a)[0];
      if (type !== undefined && !isObject(a[type])) return ['actions', i, type];
    }
    return undefined;
  }
  if (/^expected str/.test(m)) {
    for (const k of ['job_name', 'device_type']) if (has(k) && typeof data[k] !== 'string') return [k];
    return undefined;
  }
  if (/^not a valid value/.test(m)) {
    const v = data.visibility;
    if (has('visibility') && v !== 'public' && v !== 'personal' && !(isObject(v) && Array.isArray(v.group))) return ['visibility'];
    const p = data.priority;
    if (has('priority') && !['high', 'medium', 'low'].includes(p as string) && !(typeof p === 'number' && p >= 0 && p <= 100))
      return ['priority'];
    return undefined;
  }
  if (/^required key not provided/.test(m)) {
    // in the order of LAVA's job schema
    if (!has('job_name')) return ['job_name'];
    if (!has('timeouts')) return ['timeouts'];
    const t = data.timeouts;
    if (isObject(t)) {
      if (!Object.prototype.hasOwnProperty.call(t, 'job')) return ['timeouts', 'job'];
      const bad = badTimeout(t.job);
      if (bad) return ['timeouts', 'job', bad];
    }
    if (!has('visibility')) return ['visibility'];
    if (!has('actions')) return ['actions'];
    return undefined;
  }
  if (/^extra keys not allowed/.test(m)) {
    if (isObject(data.context)) {
      const extra = Object.keys(data.context).find((k) => !CONTEXT_VARIABLES.has(k));
      if (extra !== undefined) return ['context', extra];
    }
    const top = Object.keys(data).find((k) => !TOP_LEVEL_KEYS.has(k));
    if (top !== undefined) return [top];
    return undefined;
  }
  if (/^unknown action type/.test(m)) {
    const actions = Array.isArray(data.actions) ? data.actions : [];
    for (const a of actions as unknown[]) {
      if (!isObject(a)) continue;
      for (const [type, known] of [
        ['deploy', DEPLOY_METHODS],
        ['boot', BOOT_METHODS],
      ] as const) {
        const body = a[type];
        if (!isObject(body)) continue;
        const method = body[ACTION_METHOD_KEY[type]];
        const name = String(method ?? '').replace(/-/g, '_');
        if (!known.has(name)) return ['actions', type, name];
      }
    }
    return undefined;
  }
  return undefined;
}

/** The unit of a timeout that is not a positive int (`minutes: abc` → 'minutes'); undefined when it is fine. */
function badTimeout(t: unknown): string | undefined {
  if (!isObject(t)) return 'days';
  const units = Object.keys(t).filter((k) => TIMEOUT_UNITS.includes(k));
  if (units.length !== 1) return 'days';
  const v = t[units[0]];
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? undefined : units[0];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
