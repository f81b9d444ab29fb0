// What a LAVA server of a later release answers differently from 2023.01 (the captured one), as
// read from LAVA's source (../shared/notes/lava-versions.md): the simulator's `lavaVersion`.
import { parseRecord } from './records';

/** The releases whose formats the simulator knows (each the first with a change a client sees). */
export const LAVA_VERSIONS = ['2023.01', '2024.09', '2025.02', '2025.10', '2026.02', '2026.05', '2026.07'] as const;
export type LavaVersion = (typeof LAVA_VERSIONS)[number];

export const DEFAULT_LAVA_VERSION: LavaVersion = '2023.01';

/** `version` is `release` or later ("2024.09" >= "2023.01"; both YYYY.MM). */
export function since(version: string, release: string): boolean {
  return version >= release;
}

/** The releases that changed what a client sees, and the change (the README's table). */
export const VERSION_CHANGES: { since: string; change: string }[] = [
  { since: '2023.04', change: '`/api/v0.2/system/version/` answers without login on a `REQUIRE_LOGIN` server' },
  { since: '2024.09', change: 'records of 100 000 characters or more replaced; `POST /api/v0.2/jobs/batch_cancel/`' },
  { since: '2025.02', change: 'REST validate: `Job invalid: <msg> @ <path>`' },
  { since: '2025.10', change: 'cancel of an unknown id: 404 JSON (500 HTML before)' },
  { since: '2026.02', change: 'secrets shown as `[MASKED]`' },
  { since: '2026.05', change: '`dt` with a time zone, `.ffffff` dropped when 0' },
];

export function isLavaVersion(v: string): v is LavaVersion {
  return (LAVA_VERSIONS as readonly string[]).includes(v);
}

/** lava_common/log.py: a record of 10**5 characters or more is dumped again with its message replaced (2024.09). */
export const RECORD_LIMIT = 100_000;
export const LINE_TOO_LONG = '<line way too long ...>';
export const SKIP_TOO_LONG = 'line way too long ...';

export interface RecordFormat {
  version: string;
  /** 2026.05+: the offset `dt` is written with, in minutes (LAVA writes UTC: 0, the default). */
  utcOffsetMinutes?: number;
  /** 2026.02+: values replaced by `[MASKED]` (the job's secrets). */
  secrets?: readonly string[];
}

const DT = /^- \{"dt": "(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.(\d{6})"/;

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * `isoformat()` of an aware datetime: `2026-05-11T12:24:51.123456+00:00`, without `.ffffff`
 * when the microseconds are 0; `offset` minutes east of UTC.
 */
export function isoWithOffset(utcMs: number, micro: number, offsetMinutes: number): string {
  const d = new Date(utcMs + offsetMinutes * 60_000);
  const date = `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
  const clock = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  const frac = micro === 0 ? '' : `.${String(micro).padStart(6, '0')}`;
  const abs = Math.abs(offsetMinutes);
  const zone = `${offsetMinutes < 0 ? '-' : '+'}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
  return `${date}T${clock}${frac}${zone}`;
}

/** One output.yaml line (`- {"dt": …}`) as `fmt.version` writes it (2023.01's line as it is). */
export function recordLine(line: string, fmt: RecordFormat): string {
  const v = fmt.version;
  let out = line;
  if (since(v, '2026.05')) {
    const m = DT.exec(out);
    if (m) {
      const [, y, mo, d, h, mi, s, f] = m;
      const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
      out = `- {"dt": "${isoWithOffset(ms, Number(f), fmt.utcOffsetMinutes ?? 0)}"` + out.slice(m[0].length);
    }
  }
  if (since(v, '2024.09') && out.length - 2 >= RECORD_LIMIT) out = tooLong(out);
  if (since(v, '2026.02')) for (const secret of fmt.secrets ?? []) if (secret) out = out.split(secret).join('[MASKED]');
  return out;
}

/** lava_common/log.py dump(): a string message becomes `<line way too long ...>`, any other `{"skip": …}`. */
function tooLong(line: string): string {
  let rec;
  try {
    rec = parseRecord(line);
  } catch {
    return line;
  }
  const msg = typeof rec.msg === 'string' ? JSON.stringify(LINE_TOO_LONG) : `{"skip": ${JSON.stringify(SKIP_TOO_LONG)}}`;
  const parts = Object.entries(rec).map(([k, val]) => `${JSON.stringify(k)}: ${k === 'msg' ? msg : JSON.stringify(val)}`);
  if (!('msg' in rec)) parts.push(`"msg": ${msg}`);
  return `- {${parts.join(', ')}}`;
}
