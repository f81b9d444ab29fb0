// core/submit — asking a LAVA server whether a job definition is valid, with the best answer it gives:
// XML-RPC scheduler.jobs.validate names the path of the problem; REST /jobs/validate/ only words it
// (from LAVA 2025.02 its message ends in ` @ <path>`).
import { LavaError } from '../net/errors';
import { basicAuthorization, Credentials, FetchFn, fetchWithAuthorization, httpGet, HttpResponse, isHtml } from '../net/http';
import { tryParseJson } from '../net/json';
import { redactingFetch, secretsOf } from '../net/redact';
import { originOf } from '../net/urls';
import { restBase } from '../protocols/rest/restUrls';
import { documentStart, JobDefinition, readDefinition } from './definition';
import { DefinitionProblem, parsePythonList, parseRestValidateMessage, problemAt, problemFromMessage } from './lavaPath';
import { decodeResponse, encodeCall, RpcDecodeError, RpcResponse } from '../protocols/xmlrpc';

/** What the submit-side calls need: HTTP, and who we are on that server. */
export interface SubmitDeps {
  fetch: FetchFn;
  timeoutMs: number;
  signal?: AbortSignal;
  /** The server's token: REST sends `Authorization: Token …` (only under `serverUrl`). */
  credentials?: Credentials;
  /** The token's user name: /RPC2 only takes HTTP Basic `user:token` (without it /RPC2 is asked anonymously). */
  username?: string;
}

/**
 * `deps.fetch` (or `fetch`) whose answers never hold the token, as it is or inside Basic
 * `user:token`: a server or proxy that quotes the request puts it in no message and no problem.
 * Every submit-side request (submit, cancel, resubmit, validate) goes through it.
 */
export function tokenFreeFetch(deps: SubmitDeps, fetch: FetchFn = deps.fetch): FetchFn {
  return redactingFetch(fetch, secretsOf(deps.credentials?.token, deps.username));
}

/** Who answered: our own YAML parse (the server was not asked), XML-RPC or REST. */
export type Validator = 'yaml' | 'xmlrpc' | 'rest';

export type ValidationResult =
  | { kind: 'valid'; via: Validator; notes: string[] }
  | { kind: 'problems'; via: Validator; problems: DefinitionProblem[]; notes: string[] }
  | { kind: 'error'; error: LavaError; notes: string[] };

export interface ValidateOptions {
  /** `auto` (default): XML-RPC, REST when /RPC2 is not there. */
  use?: 'auto' | 'xmlrpc' | 'rest';
}

/** Validate answers are small; anything bigger is not LAVA's. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * Validates a definition: YAML errors are ours to report (LAVA's REST validate answers a 500
 * page to text that is not YAML, XML-RPC a fault -32603); otherwise XML-RPC
 * `scheduler.jobs.validate` on `/RPC2`, and REST `POST /api/v0.2/jobs/validate/` when /RPC2 is
 * not there (404, 405, an HTML page, no such method). A token the server refuses is dropped and
 * the validation asked again anonymously (both allow it), with a note saying so.
 */
export async function validateDefinition(
  serverUrl: string,
  text: string,
  deps: SubmitDeps,
  opts: ValidateOptions = {},
): Promise<ValidationResult> {
  const def = readDefinition(text);
  if (text.trim() === '') {
    return {
      kind: 'problems',
      via: 'yaml',
      problems: [{ message: 'The definition is empty.', range: documentStart(def), located: 'start' }],
      notes: [],
    };
  }
  if (def.yamlErrors.length) {
    const problems = def.yamlErrors.map((e) => ({ message: e.message, range: e.range, located: 'path' as const }));
    return { kind: 'problems', via: 'yaml', problems, notes: [] };
  }
  const notes: string[] = [];
  const use = opts.use ?? 'auto';
  if (use !== 'rest') {
    try {
      const rpc = await rpcValidate(serverUrl, text, deps, notes);
      if (rpc !== 'absent') return fromRpc(def, rpc, notes);
      if (use === 'xmlrpc')
        return { kind: 'error', error: new LavaError('not-found', `${originOf(serverUrl)} has no XML-RPC validate (/RPC2).`), notes };
      notes.push(
        `${originOf(serverUrl)} has no usable /RPC2: validated with REST (before LAVA 2025.02 its messages name no path: the place is then guessed).`,
      );
    } catch (err) {
      return { kind: 'error', error: asLavaError(err), notes };
    }
  }
  try {
    return await restValidate(serverUrl, def, deps, notes);
  } catch (err) {
    return { kind: 'error', error: asLavaError(err), notes };
  }
}

// ---------------------------------------------------------------------------------------------
// XML-RPC

/** The Basic authorization of /RPC2, when we know the user name. */
function rpcAuthorization(deps: SubmitDeps): string | undefined {
  if (!deps.username || !deps.credentials) return undefined;
  return basicAuthorization(deps.username, deps.credentials.token);
}

/** `scheduler.jobs.validate(text)`: the answer, or 'absent' when /RPC2 is not an XML-RPC endpoint with that method. */
async function rpcValidate(serverUrl: string, text: string, deps: SubmitDeps, notes: string[]): Promise<RpcResponse | 'absent'> {
  const auth = rpcAuthorization(deps);
  let res: HttpResponse;
  try {
    res = await rpcPost(serverUrl, text, deps, auth);
  } catch (err) {
    if (!(err instanceof LavaError)) throw err;
    if (err.kind === 'unauthorized' && auth) {
      notes.push(`${originOf(serverUrl)} refused ${deps.username}'s token on /RPC2 (HTTP ${err.status ?? '?'}): validated anonymously.`);
      return rpcValidate(serverUrl, text, { ...deps, fetch: tokenFreeFetch(deps), username: undefined }, notes);
    }
    if (err.kind === 'not-found' || err.kind === 'http' || err.kind === 'bad-response') return 'absent';
    throw err;
  }
  if (isHtml(res.headers, res.body)) return 'absent';
  let answer: RpcResponse;
  try {
    answer = decodeResponse(res.body);
  } catch (err) {
    if (err instanceof RpcDecodeError) return 'absent';
    throw err;
  }
  if (answer.kind === 'fault' && answer.code === -32601) return 'absent'; // no such method (an older LAVA)
  return answer;
}

async function rpcPost(serverUrl: string, text: string, deps: SubmitDeps, auth: string | undefined): Promise<HttpResponse> {
  return httpGet(`${serverUrl}/RPC2`, {
    fetch: tokenFreeFetch(deps, auth ? fetchWithAuthorization(deps.fetch, serverUrl, auth) : deps.fetch),
    timeoutMs: deps.timeoutMs,
    signal: deps.signal,
    accept: 'text/xml',
    method: 'POST',
    body: encodeCall('scheduler.jobs.validate', [text]),
    contentType: 'text/xml',
    maxBodyBytes: MAX_ANSWER_BYTES,
  });
}

const INTERNAL_ERROR_PREFIX = 'Internal Server Error (contact server administrator for details): ';

function fromRpc(def: JobDefinition, answer: RpcResponse, notes: string[]): ValidationResult {
  if (answer.kind === 'fault') {
    // -32603: LAVA failed on the text (PyYAML could not read what our parser accepted, or a server bug)
    const detail = answer.message.startsWith(INTERNAL_ERROR_PREFIX) ? answer.message.slice(INTERNAL_ERROR_PREFIX.length) : answer.message;
    const message = `LAVA could not validate the definition (XML-RPC fault ${answer.code}): ${detail}`;
    const mark = [...detail.matchAll(/line (\d+), column (\d+)/g)].pop();
    const problem = mark
      ? problemAt(def, { message, yamlPosition: { line: Number(mark[1]) - 1, col: Number(mark[2]) - 1 } })
      : problemAt(def, { message });
    return { kind: 'problems', via: 'xmlrpc', problems: [problem], notes };
  }
  const v = answer.value;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    return { kind: 'error', error: new LavaError('bad-response', 'The XML-RPC validate answer is not a struct.'), notes };
  }
  if (Object.keys(v).length === 0) return { kind: 'valid', via: 'xmlrpc', notes };
  const msg = typeof v.msg === 'string' ? v.msg : JSON.stringify(v);
  const path = typeof v.path === 'string' ? parsePythonList(v.path) : undefined;
  return { kind: 'problems', via: 'xmlrpc', problems: [problemAt(def, { message: msg, path })], notes };
}

// ---------------------------------------------------------------------------------------------
// REST

async function restValidate(serverUrl: string, def: JobDefinition, deps: SubmitDeps, notes: string[]): Promise<ValidationResult> {
  let res: HttpResponse;
  try {
    res = await httpGet(
      `${restBase(serverUrl)}/jobs/validate/`,
      {
        fetch: tokenFreeFetch(deps),
        timeoutMs: deps.timeoutMs,
        signal: deps.signal,
        credentials: deps.credentials,
        method: 'POST',
        body: JSON.stringify({ definition: def.text }),
        maxBodyBytes: MAX_ANSWER_BYTES,
      },
      [400],
    );
  } catch (err) {
    if (err instanceof LavaError && err.kind === 'unauthorized' && deps.credentials) {
      // validate is AllowAny, but LAVA refuses an invalid token (403 "Invalid token.") even there
      notes.push(`${originOf(serverUrl)} refused the token (HTTP ${err.status ?? '?'}): validated anonymously.`);
      return restValidate(serverUrl, def, { ...deps, fetch: tokenFreeFetch(deps), credentials: undefined }, notes);
    }
    if (err instanceof LavaError && err.kind === 'server' && err.status === 500) {
      throw new LavaError(
        'server',
        `${originOf(serverUrl)} failed validating the definition (HTTP 500; LAVA's REST validate fails like this on text it cannot read as YAML).`,
        500,
        err.retryAfterMs,
      );
    }
    if (err instanceof LavaError && err.kind === 'not-found') {
      throw new LavaError('not-found', `${originOf(serverUrl)} has no REST validate (/api/v0.2/jobs/validate/): an older LAVA?`, 404);
    }
    throw err;
  }
  const body = tryParseJson(res.body) as Record<string, unknown> | undefined;
  if (res.status === 400) {
    const message = fieldErrors(body) ?? `LAVA refused the definition (HTTP 400).`;
    return { kind: 'problems', via: 'rest', problems: [{ message, range: documentStart(def), located: 'start' }], notes };
  }
  const said = typeof body?.message === 'string' ? parseRestValidateMessage(body.message) : undefined;
  if (!said) {
    const what = isHtml(res.headers, res.body) ? 'an HTML page' : 'not LAVA\'s {"message": …}';
    return {
      kind: 'error',
      error: new LavaError('bad-response', `The REST validate answer of ${originOf(serverUrl)} is ${what}.`, res.status),
      notes,
    };
  }
  if (said.valid) return { kind: 'valid', via: 'rest', notes };
  // LAVA 2025.02+ names the path in the message; older ones do not (the node is guessed)
  const problem = said.path ? problemAt(def, { message: said.message, path: said.path }) : problemFromMessage(def, said.message);
  return { kind: 'problems', via: 'rest', problems: [problem], notes };
}

/**
 * DRF's error bodies in one line: `{"detail": "…"}`, `{"message": "…"}`, or field errors
 * `{"definition": ["This field may not be blank."]}` (validate answers a string there, not a list).
 */
export function fieldErrors(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  if (typeof b.message === 'string') return b.message;
  if (typeof b.detail === 'string') return b.detail;
  const parts: string[] = [];
  for (const [field, v] of Object.entries(b)) {
    const texts = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
    if (texts.length) parts.push(`${field}: ${texts.join(' ')}`);
  }
  return parts.length ? parts.join('; ').slice(0, 500) : undefined;
}

export function asLavaError(err: unknown): LavaError {
  if (err instanceof LavaError) return err;
  return new LavaError('internal', err instanceof Error ? err.message : String(err));
}
