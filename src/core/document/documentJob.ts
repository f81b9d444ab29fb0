import { JobLogAddress, parseJobLogUri, UriParts } from './jobLogUri';

/** A job's Output channel: its key (`<server URL>#<job id>`, core/follow/followRegistry.ts jobKey) and its name. */
export interface JobChannelName {
  key: string;
  name: string;
}

/** The scheme of VS Code's Output channel documents (`output:extension-output-<extension>-#<n>-<channel name>`). */
export const OUTPUT_SCHEME = 'output';

/**
 * The job a document shows, for a command run from its editor title or context menu: a job log
 * document's URI names it (jobLogUri.ts); a job's Output channel is known by its name, the last part
 * of the channel document's path (the longest of our channel names that ends it). Undefined for
 * any other document.
 */
export function jobOfDocument(uri: UriParts, channels: readonly JobChannelName[]): JobLogAddress | undefined {
  if (uri.scheme !== OUTPUT_SCHEME) return parseJobLogUri(uri);
  let best: JobChannelName | undefined;
  for (const channel of channels) {
    if (uri.path.endsWith(`-${channel.name}`) && (!best || channel.name.length > best.name.length)) best = channel;
  }
  if (!best) return undefined;
  const hash = best.key.lastIndexOf('#');
  const jobId = best.key.slice(hash + 1);
  return hash > 0 && /^\d{1,12}$/.test(jobId) ? { serverUrl: best.key.slice(0, hash), jobId } : undefined;
}

/** Whether a command argument is a URI (a menu passes the document's), as far as jobOfDocument needs. */
export function isUriParts(value: unknown): value is UriParts {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.scheme === 'string' && typeof v.path === 'string' && typeof v.query === 'string';
}
