// The job-submission loop of LAVA 2023.01, answered from what the real server sent
// (data/submit/, README.md there): REST validate, XML-RPC scheduler.jobs.validate,
// submit (single and MultiNode), resubmit.  Cancel lives in rest.ts.
//
// Validity is not re-implemented: a definition whose text is one of
// data/submit/definitions/*.yaml gets that file's captured answers; otherwise the
// text is parsed with the `yaml` package: not YAML, or YAML that is not a mapping,
// gets the captured "not YAML" / "expected a dictionary" answers; any other mapping
// is valid (a job is created).
import { parse, stringify } from 'yaml';
import { capturedJson, capturedReply, capturedWith, invalidDefinitions, withBody } from './captured';
import { Caller } from './rest';
import { since } from './versions';
import { drfHeaders, drfJsonText, Reply } from './respond';

/** What LAVA makes of a definition text. */
export type Verdict =
  | { kind: 'missing' }
  | { kind: 'empty' }
  /** One of data/submit/definitions/<name>.yaml (matched on the text without surrounding whitespace). */
  | { kind: 'table'; name: string }
  /** PyYAML cannot load it; `sample` = the captured text itself. */
  | { kind: 'not-yaml'; message: string; sample: boolean }
  /** Loads, but as a scalar or a list. */
  | { kind: 'not-mapping' }
  | { kind: 'valid'; data: Record<string, unknown> };

/** The not-YAML text captured (its PyYAML message is in the captured answers). */
export const NOT_YAML_SAMPLE = 'job_name: [unclosed\n';

let table: Map<string, string> | undefined;
function definitionTable(): Map<string, string> {
  if (!table) {
    table = new Map();
    for (const [name, text] of invalidDefinitions()) if (!name.startsWith('valid-')) table.set(text.trim(), name);
  }
  return table;
}

/** Names of the invalid definitions the simulator knows (data/submit/definitions/). */
export function knownInvalidDefinitions(): string[] {
  return [...definitionTable().values()];
}

export function judge(text: string | undefined): Verdict {
  if (text === undefined) return { kind: 'missing' };
  if (text === '') return { kind: 'empty' };
  const name = definitionTable().get(text.trim());
  if (name) return { kind: 'table', name };
  let data: unknown;
  try {
    data = parse(text);
  } catch (e) {
    return { kind: 'not-yaml', message: e instanceof Error ? e.message : String(e), sample: text === NOT_YAML_SAMPLE };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { kind: 'not-mapping' };
  return { kind: 'valid', data: data as Record<string, unknown> };
}

/** The top-level keys LAVA's job schema knows (lava_common/schemas/__init__.py). */
const TOP_LEVEL_KEYS = new Set([
  'job_name',
  'device_type',
  'timeouts',
  'visibility',
  'context',
  'metadata',
  'priority',
  'tags',
  'secrets',
  'environment',
  'protocols',
  'notify',
  'reboot_to_fastboot',
  'actions',
]);

/** The first unknown top-level key (what `strict` rejects), if any. */
function extraKey(data: Record<string, unknown>): string | undefined {
  return Object.keys(data).find((k) => !TOP_LEVEL_KEYS.has(k));
}

/** A request body: JSON or form-encoded fields (DRF's request.data). */
export type Fields = { ok: true; fields: Record<string, unknown> } | { ok: false };

export function parseFields(contentType: string | undefined, body: Buffer): Fields {
  const ct = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const text = body.toString('utf8');
  if (ct === 'application/json') {
    try {
      const v = JSON.parse(text) as unknown;
      return { ok: true, fields: v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {} };
    } catch {
      return { ok: false };
    }
  }
  if (ct === 'application/x-www-form-urlencoded') return { ok: true, fields: Object.fromEntries(new URLSearchParams(text)) };
  return { ok: true, fields: {} };
}

/** Python truthiness of `strict` as DRF hands it over (a form's "false" is a non-empty string: true). */
function truthy(v: unknown): boolean {
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return v !== 0;
  return v === true || (typeof v === 'object' && v !== null);
}

/** `POST /api/v0.2/jobs/validate/` (AllowAny: anonymous is fine, an invalid token is not). */
export function restValidate(method: string, caller: Caller, contentType: string | undefined, body: Buffer, version = '2023.01'): Reply {
  if (caller.kind === 'invalid') return capturedReply('validate-valid-json-badtoken');
  if (method !== 'POST') return capturedWith('validate-get', '"GET"', `"${method}"`);
  const f = parseFields(contentType, body);
  if (!f.ok) return capturedReply('validate-not-json');
  const raw = f.fields.definition;
  const text = raw === undefined || raw === null ? undefined : String(raw);
  // LAVA: `if not definition` -> 400
  if (!text) return capturedReply(text === undefined ? 'validate-no-field' : 'validate-empty');
  const strict = truthy(f.fields.strict);
  const v = judge(text);
  switch (v.kind) {
    case 'table':
      if (v.name === 'unknown-top-level-key' && strict)
        return withPath(version, capturedReply('validate-unknown-top-level-key-strict-json-true'), "['foo']");
      return withPath(version, capturedReply(`validate-${v.name}`), rpcPathOf(`rpc-validate-${v.name}`));
    case 'not-yaml':
      return capturedReply('validate-not-yaml'); // yaml.YAMLError is not caught: Django's 500 page
    case 'not-mapping':
      return capturedReply('validate-plain-text');
    case 'valid':
      if (strict && extraKey(v.data) !== undefined)
        return withPath(version, capturedReply('validate-unknown-top-level-key-strict-json-true'), `['${extraKey(v.data)}']`);
      return capturedReply('validate-valid-json-token');
    default:
      return capturedReply('validate-empty');
  }
}

/** The `path` member of a captured scheduler.jobs.validate answer (Python's str(list)), if any. */
function rpcPathOf(name: string): string | undefined {
  let text: string;
  try {
    text = Buffer.from(capturedReply(name).body).toString('utf8');
  } catch {
    return undefined;
  }
  const m = /<name>path<\/name>\s*<value><string>([^<]*)<\/string>/.exec(text);
  return m ? xmlUnescape(m[1]) : undefined;
}

/**
 * 2025.02+: `{"message": f"Job invalid: {exc.msg} @ {exc.path}"}` (lava_rest_app/v02/views.py,
 * still HTTP 200); a 2023.01 answer otherwise, or one that is not "Job invalid".
 */
function withPath(version: string, reply: Reply, path: string | undefined): Reply {
  if (!since(version, '2025.02') || path === undefined || reply.status !== 200) return reply;
  const body = JSON.parse(Buffer.from(reply.body).toString('utf8')) as { message?: unknown };
  if (typeof body.message !== 'string' || !body.message.startsWith('Job invalid: ')) return reply;
  return withBody(reply, drfJsonText({ message: `${body.message} @ ${path}` }));
}

/** XML-RPC request: method name and params (string, int, boolean, others as undefined). */
export interface RpcCall {
  method: string;
  params: (string | number | boolean | undefined)[];
}

function xmlUnescape(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    const map: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (e[0] === '#') return String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return map[e.toLowerCase()];
  });
}

export function parseRpcCall(xml: string): RpcCall | undefined {
  const m = /<methodCall>\s*<methodName>([^<]*)<\/methodName>([\s\S]*)<\/methodCall>/.exec(xml);
  if (!m) return undefined;
  const params: RpcCall['params'] = [];
  const re = /<param>\s*<value>([\s\S]*?)<\/value>\s*<\/param>/g;
  for (let p = re.exec(m[2]); p; p = re.exec(m[2])) {
    const v = p[1];
    const typed = /^\s*<(string|int|i4|boolean|double)>([\s\S]*)<\/\1>\s*$/.exec(v);
    if (!typed) params.push(/^\s*<[a-z]/.test(v) ? undefined : xmlUnescape(v));
    else if (typed[1] === 'string') params.push(xmlUnescape(typed[2]));
    else if (typed[1] === 'boolean') params.push(typed[2].trim() === '1');
    else params.push(Number(typed[2]));
  }
  return { method: m[1].trim(), params };
}

/** The `Authorization` of an /RPC2 request: only Basic user:token is accepted. */
export type RpcAuth = 'none' | 'ok' | 'bad-token' | 'not-basic';

/**
 * `POST /RPC2` (the methods a submitting client uses: scheduler.jobs.validate).  Without an
 * Authorization header Django reads the session (request.user), so the answer has
 * `Vary: Cookie` after X-Frame-Options (captured: rpc-validate-valid-anonymous).
 */
export function rpcReply(method: string, auth: RpcAuth, body: Buffer): Reply {
  const r = rpcAnswer(method, auth, body);
  if (auth !== 'none' || r.status !== 200) return r;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) {
    headers[k] = v;
    if (k === 'X-Frame-Options') headers.Vary = 'Cookie';
  }
  return { ...r, headers };
}

function rpcAnswer(method: string, auth: RpcAuth, body: Buffer): Reply {
  if (method !== 'POST' || body.length === 0) return capturedReply('rpc-get'); // 302 to /api/help/
  if (auth === 'not-basic') return capturedReply('rpc-validate-valid-token-header');
  if (auth === 'bad-token') return capturedReply('rpc-validate-valid-badtoken');
  const call = parseRpcCall(body.toString('utf8'));
  if (!call) return capturedReply('rpc-not-xml');
  if (call.method !== 'scheduler.jobs.validate')
    return capturedWith('rpc-unknown-method', 'scheduler.jobs.no_such_method', xmlEscape(call.method));
  if (call.params.length === 0) return capturedReply('rpc-validate-no-args');
  const [text, strict] = call.params;
  if (typeof text !== 'string') return capturedReply('rpc-validate-int');
  const v = judge(text);
  switch (v.kind) {
    case 'table':
      if (v.name === 'unknown-top-level-key' && strict === true) return capturedReply('rpc-validate-unknown-top-level-key-strict');
      return capturedReply(`rpc-validate-${v.name}`);
    case 'not-yaml':
      return v.sample ? capturedReply('rpc-validate-not-yaml') : yamlErrorReply('rpc-validate-not-yaml', v.message, true);
    case 'not-mapping':
    case 'empty':
      return capturedReply(v.kind === 'empty' ? 'rpc-validate-empty' : 'rpc-validate-plain-text');
    case 'valid': {
      const key = strict === true ? extraKey(v.data) : undefined;
      if (key !== undefined) return capturedWith('rpc-validate-unknown-top-level-key-strict', "['foo']", xmlEscape(`['${key}']`));
      return capturedReply('rpc-validate-valid-token');
    }
    default:
      return capturedReply('rpc-validate-empty');
  }
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The captured PyYAML message of the not-YAML sample, replaced by the `yaml` package's one (another text). */
const SAMPLE_YAML_MESSAGE =
  'while parsing a flow sequence\n  in "<unicode string>", line 1, column 11\ndid not find expected \',\' or \']\'\n  in "<unicode string>", line 2, column 1';

function yamlErrorReply(name: string, message: string, xml: boolean): Reply {
  const r = capturedReply(name);
  const text = r.body.toString('utf8');
  const from = xml ? xmlEscape(SAMPLE_YAML_MESSAGE) : JSON.stringify(SAMPLE_YAML_MESSAGE).slice(1, -1);
  const to = xml ? xmlEscape(message) : JSON.stringify(message).slice(1, -1);
  return withBody(r, text.split(from).join(to));
}

export const ALLOW_SUBMIT = 'GET, POST, HEAD, OPTIONS';
export const ALLOW_RESUBMIT = 'POST, OPTIONS';

/** A 201 like the captured ones: `{"message":"job(s) successfully submitted","job_ids":[...]}`. */
export function submittedReply(ids: (number | string)[], allow: string): Reply {
  return {
    status: 201,
    headers: drfHeaders('application/json', allow),
    body: drfJsonText({ message: 'job(s) successfully submitted', job_ids: ids }),
  };
}

/** What a submission turns into, for the simulator to create jobs. */
export interface Submission {
  /** The text as LAVA stores it in `original_definition` (DRF trims it). */
  text: string;
  data: Record<string, unknown>;
  /** MultiNode: one entry per sub-job, in sub_id order (role names repeated `count` times). */
  roles?: { role: string; deviceType: string }[];
  /** Accepted by LAVA's submission schema although invalid: the definitions/ file name. */
  invalid?: string;
}

export type SubmitOutcome = { reply: Reply } | { submission: Submission };

/** `POST /api/v0.2/jobs/`: an error answer, or a submission to turn into job(s). */
export function restSubmit(caller: Caller, contentType: string | undefined, body: Buffer, resubmission = false): SubmitOutcome {
  if (caller.kind === 'invalid') return { reply: capturedReply('submit-badtoken') };
  if (caller.kind === 'anonymous') return { reply: capturedReply('submit-noauth') };
  const f = parseFields(contentType, body);
  if (!f.ok) return { reply: capturedReply('submit-not-json') };
  const raw = f.fields.definition;
  if (raw === undefined || raw === null) return { reply: capturedReply('submit-no-field') };
  // DRF CharField(trim_whitespace=True); a resubmission passes the stored text as it is
  const text = resubmission ? String(raw) : String(raw).trim();
  if (!text) return { reply: capturedReply('submit-empty') };
  const v = judge(text);
  switch (v.kind) {
    case 'table': {
      const r = capturedReply(`submit-${v.name}`);
      if (r.status !== 201) return { reply: r };
      // accepted by the submission schema (the dispatcher would reject it later): a job is created
      return { submission: { text, data: (parse(text) ?? {}) as Record<string, unknown>, invalid: v.name } };
    }
    case 'not-yaml':
      return {
        reply:
          v.sample || text === NOT_YAML_SAMPLE.trim()
            ? capturedReply('submit-not-yaml')
            : yamlErrorReply('submit-not-yaml', v.message, false),
      };
    case 'not-mapping':
      return { reply: capturedReply('submit-plain-text') };
    case 'valid':
      return { submission: { text, data: v.data, roles: multinodeRoles(v.data) } };
    default:
      return { reply: capturedReply('submit-empty') };
  }
}

function multinodeRoles(data: Record<string, unknown>): Submission['roles'] {
  const protocols = data.protocols as Record<string, unknown> | undefined;
  const mn = protocols?.['lava-multinode'] as { roles?: Record<string, { device_type?: string; count?: number }> } | undefined;
  if (!mn?.roles) return undefined;
  const out: { role: string; deviceType: string }[] = [];
  // LAVA creates the sub-jobs role by role, in the order of the YAML, `count` each
  for (const role of Object.keys(mn.roles)) {
    const r = mn.roles[role] ?? {};
    for (let i = 0; i < (typeof r.count === 'number' ? r.count : 1); i++) out.push({ role, deviceType: String(r.device_type ?? 'qemu') });
  }
  return out;
}

/** The MultiNode group id of the captured job (it appears in its sub-jobs' definitions). */
const CAPTURED_TARGET_GROUP = '1ac8be95-e9af-4a91-a653-a1b0a3d47f13';

/**
 * The job object's `definition` (and `original_definition`) per created job.  LAVA stores a
 * PyYAML re-dump (sorted keys, comments gone, long lines folded at 80): exact for the two
 * captured submissions (real-lava job.yaml and job-multinode.yaml); for other texts an
 * approximation with the `yaml` package (same keys and order, folding may differ).
 * MultiNode sub-jobs get LAVA's split: their role's actions, context and device_type, and
 * `protocols.lava-multinode` = {group_size, role, sub_id, target_group, timeout}.
 */
export function storedDefinitions(sub: Submission, targetGroup: string): { definition: string; originalDefinition: string }[] {
  const single = capturedJson('job-single-submitted');
  // (a resubmission sends the stored re-dump again, which PyYAML dumps identically)
  if (!sub.roles && (sub.text === String(single.original_definition) || sub.text === String(single.definition)))
    return [{ definition: String(single.definition), originalDefinition: sub.text }];
  const m0 = capturedJson('job-multinode-0');
  if (sub.roles && sub.text === String(m0.multinode_definition)) {
    const m1 = capturedJson('job-multinode-1');
    const fix = (s: unknown) => String(s).split(CAPTURED_TARGET_GROUP).join(targetGroup);
    return [m0, m1].map((j) => ({ definition: fix(j.definition), originalDefinition: fix(j.original_definition) }));
  }
  if (!sub.roles) return [{ definition: dump(sub.data), originalDefinition: sub.text }];
  const mn = ((sub.data.protocols as Record<string, unknown>)['lava-multinode'] ?? {}) as Record<string, unknown>;
  const roles = (mn.roles ?? {}) as Record<string, Record<string, unknown>>;
  return sub.roles.map(({ role }, subId) => {
    const r = roles[role] ?? {};
    const actions = ((sub.data.actions ?? []) as Record<string, Record<string, unknown>>[])
      .filter((a) => {
        const body = Object.values(a)[0] ?? {};
        const rs = body.role;
        return Array.isArray(rs) ? rs.includes(role) : rs === undefined || rs === role;
      })
      .map((a) => Object.fromEntries(Object.entries(a).map(([k, body]) => [k, { ...body, role }])));
    const { roles: _roles, ...rest } = mn;
    void _roles;
    const protocols = {
      ...(sub.data.protocols as object),
      'lava-multinode': { ...rest, group_size: sub.roles?.length, role, sub_id: subId, target_group: targetGroup },
    };
    const data: Record<string, unknown> = { ...sub.data, actions, protocols, device_type: r.device_type };
    if (r.context !== undefined) data.context = r.context;
    const text = dump(data);
    return { definition: text, originalDefinition: text };
  });
}

function dump(data: unknown): string {
  return stringify(data, { sortMapEntries: true, indentSeq: false, lineWidth: 80, singleQuote: true });
}
