import { parseYaml, YamlRefused } from '../yaml';

/** The largest lavacli.yaml read (characters): a few identities are a few hundred bytes. */
export const MAX_LAVACLI_CHARS = 64 * 1024;
import { redactUrl } from './inputText';
import { normalizeServerUrl } from './servers';
import { checkToken } from './tokens';

/** One lavacli identity, as a LAVA Follow server. */
export interface LavacliIdentity {
  identity: string;
  url: string;
  username?: string;
  token?: string;
}

export interface LavacliImport {
  identities: LavacliIdentity[];
  /** Identities that could not be used, with the reason. */
  skipped: { identity: string; reason: string }[];
}

/**
 * Reads lavacli's config (`$XDG_CONFIG_HOME/lavacli.yaml`): a mapping of identity →
 * `{uri: https://host/RPC2, username, token, proxy, …}`. The server's base URL is the
 * uri without `/RPC2`; credentials written into the uri (`https://user:token@host/RPC2`)
 * are taken out of it. An identity that cannot be used is skipped with the reason (which
 * never quotes a token): a bad uri, a token that is not printable ASCII, or a server
 * already taken by an identity above it (the first one's token is kept).
 */
export function parseLavacliConfig(text: string): LavacliImport {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxChars: MAX_LAVACLI_CHARS, what: 'lavacli.yaml' });
  } catch (err) {
    if (err instanceof YamlRefused) throw new Error(err.message, { cause: err });
    // The parser's own message quotes the offending line, which may hold a token: only say where.
    throw new Error(`lavacli.yaml is not valid YAML${yamlPlace(err)}.`, { cause: err });
  }
  const result: LavacliImport = { identities: [], skipped: [] };
  if (doc === null || doc === undefined) return result;
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error('lavacli.yaml is not a mapping of identities.');
  const byUrl = new Map<string, string>();
  for (const [identity, raw] of Object.entries(doc as Record<string, unknown>)) {
    const entry = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    const read = readIdentity(identity, entry);
    if ('reason' in read) {
      result.skipped.push({ identity, reason: read.reason });
      continue;
    }
    const first = byUrl.get(read.url);
    if (first !== undefined) {
      result.skipped.push({ identity, reason: `same server (${read.url}) as identity "${first}", which is kept` });
      continue;
    }
    byUrl.set(read.url, identity);
    result.identities.push(read);
  }
  return result;
}

function readIdentity(identity: string, entry: Record<string, unknown>): LavacliIdentity | { reason: string } {
  if (typeof entry.uri !== 'string') return { reason: 'no uri' };
  let uri: URL;
  try {
    uri = new URL(entry.uri.trim());
  } catch {
    return { reason: `invalid uri ${redactUrl(entry.uri.trim())}` };
  }
  let fromUri: { username?: string; token?: string };
  try {
    fromUri = {
      username: uri.username ? decodeURIComponent(uri.username) : undefined,
      token: uri.password ? decodeURIComponent(uri.password) : undefined,
    };
  } catch {
    return { reason: 'its uri has a malformed %-escape in the user name or token' };
  }
  uri.username = '';
  uri.password = '';
  const checked = normalizeServerUrl(uri.toString());
  if (!checked.ok) return { reason: checked.message };
  if (typeof entry.token === 'number' || typeof entry.token === 'bigint') {
    return { reason: 'its token is a YAML number (leading zeros and long numbers are lost): put it in quotes' };
  }
  if (entry.token !== undefined && entry.token !== null && typeof entry.token !== 'string') return { reason: 'its token is not text' };
  const rawToken = typeof entry.token === 'string' && entry.token.trim() !== '' ? entry.token : fromUri.token;
  let token: string | undefined;
  if (rawToken !== undefined) {
    const valid = checkToken(rawToken);
    if (!valid.ok) return { reason: `its token is not valid: ${valid.message}` };
    token = valid.token;
  }
  return { identity, url: checked.url, username: stringOf(entry.username) ?? fromUri.username, token };
}

/** ` at line L, column C` of a YAML parser error, when it says. */
function yamlPlace(err: unknown): string {
  const pos = (err as { linePos?: { line: number; col: number }[] } | null)?.linePos?.[0];
  return pos && Number.isInteger(pos.line) && Number.isInteger(pos.col) ? ` at line ${pos.line}, column ${pos.col}` : '';
}

function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** Where lavacli keeps its identities. */
export function lavacliConfigPath(env: Record<string, string | undefined>, home: string): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.trim() ? env.XDG_CONFIG_HOME : `${home}/.config`;
  return `${base.replace(/\/+$/, '')}/lavacli.yaml`;
}
