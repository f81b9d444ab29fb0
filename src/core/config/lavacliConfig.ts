import { parseYaml } from '../yaml';
import { normalizeServerUrl } from './servers';

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
 * are taken out of it.
 */
export function parseLavacliConfig(text: string): LavacliImport {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new Error(`lavacli.yaml is not valid YAML: ${(err as Error).message}`, { cause: err });
  }
  const result: LavacliImport = { identities: [], skipped: [] };
  if (doc === null || doc === undefined) return result;
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error('lavacli.yaml is not a mapping of identities.');
  for (const [identity, raw] of Object.entries(doc as Record<string, unknown>)) {
    const entry = (raw ?? {}) as Record<string, unknown>;
    if (typeof entry.uri !== 'string') {
      result.skipped.push({ identity, reason: 'no uri' });
      continue;
    }
    let uri: URL;
    try {
      uri = new URL(entry.uri);
    } catch {
      result.skipped.push({ identity, reason: `invalid uri ${entry.uri}` });
      continue;
    }
    const username = stringOf(entry.username) ?? (uri.username ? decodeURIComponent(uri.username) : undefined);
    const token = stringOf(entry.token) ?? (uri.password ? decodeURIComponent(uri.password) : undefined);
    uri.username = '';
    uri.password = '';
    const checked = normalizeServerUrl(uri.toString());
    if (!checked.ok) {
      result.skipped.push({ identity, reason: checked.message });
      continue;
    }
    result.identities.push({ identity, url: checked.url, username, token });
  }
  return result;
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
