// core/submit — is this text a LAVA job definition? A look at the text, no YAML parse.
/**
 * The CodeLens (every change), validate-on-save (every save) and the workspace picker (up to 500
 * files) ask whether a text is a job definition. Parsing for that costs up to 100 ms a text (see
 * src/core/yaml.ts); this look costs a regex pass over the text, a few ms for the largest file
 * looked at. It finds the top-level keys readDefinition decides with (keys at column 0, plain or
 * quoted): `actions` and `job_name`, or `actions`, `timeouts` and `device_type` (or
 * `lava-multinode` somewhere below). A definition written as one flow mapping (`{job_name: …}`) is
 * not recognised; a file that only looks like one is found out when it is parsed (validate, submit).
 */

/** The largest text looked at (characters): a longer file is not offered as a job definition. */
export const MAX_JOB_FILE_CHARS = 2_000_000;

const TOP_KEY = /^(["']?)(actions|job_name|device_type|timeouts)\1[ \t]*:(?=[ \t\r\n]|$)/gm;
const MULTINODE = /^[ \t]+(["']?)lava-multinode\1[ \t]*:/m;

/** Whether `text` looks like a LAVA job definition (see above). Linear in the text, which is capped. */
export function looksLikeJobText(text: string): boolean {
  if (text.length > MAX_JOB_FILE_CHARS) return false;
  const keys = new Set<string>();
  TOP_KEY.lastIndex = 0;
  for (let m = TOP_KEY.exec(text); m; m = TOP_KEY.exec(text)) {
    keys.add(m[2]);
    if (keys.size === 4) break;
  }
  if (!keys.has('actions')) return false;
  if (keys.has('job_name')) return true;
  return keys.has('timeouts') && (keys.has('device_type') || MULTINODE.test(text));
}

/**
 * The line where the job starts, for a CodeLens: the first line that is not blank, a comment, a
 * directive (`%YAML`) or a document marker (`---`). 0-based; 0 when there is none.
 */
export function firstContentLine(text: string): number {
  let line = 0;
  for (let at = 0; at < text.length; line++) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    const trimmed = text.slice(at, Math.min(end, at + 200)).trim();
    if (trimmed !== '' && !trimmed.startsWith('#') && !trimmed.startsWith('%') && trimmed !== '---') return line;
    if (nl < 0) break;
    at = nl + 1;
  }
  return 0;
}
