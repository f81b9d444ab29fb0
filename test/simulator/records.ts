// Reading output.yaml entries (`- {"dt": ..., "lvl": ..., "msg": ...}`) and the
// test cases that LAVA derives from `lvl: results` entries.
import { parse } from 'yaml';

export type Yaml = string | number | boolean | null | Yaml[] | { [k: string]: Yaml };

export interface LogRecord {
  dt?: string;
  lvl?: string;
  msg?: Yaml;
  [k: string]: Yaml | undefined;
}

/** Parses one output.yaml line (`- {...}`). */
export function parseRecord(line: string): LogRecord {
  if (!line.startsWith('- ')) throw new Error(`not a log entry: ${line.slice(0, 40)}`);
  // The yaml library, not the extension's fast parser: the simulator stays an independent oracle.
  const v = parse(line.slice(2), { logLevel: 'error' }) as Yaml;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('log entry is not a mapping');
  return v as LogRecord;
}

/** A scalar as PyYAML's safe_dump writes it in block style (quoting what would not read back as a string). */
function yamlScalar(v: Yaml): string {
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v !== 'string') return JSON.stringify(v);
  const needsQuotes =
    v === '' ||
    /^[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(v) ||
    /^(~|null|true|false|yes|no|on|off|y|n)$/i.test(v) ||
    /^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(v) ||
    /(: | #|\s$|\n)/.test(v);
  return needsQuotes ? `'${v.replace(/'/g, "''")}'` : v;
}

export interface ResultEntry {
  /** Index of the log line (0-based). */
  line: number;
  definition: string;
  name: string;
  result: string;
  unit: string;
  measurement: string | null;
  /** The YAML metadata text LAVA stores (keys sorted, `extra` replaced by a file path). */
  metadata: string;
}

/** The test case of a `lvl: results` line, or undefined for other lines. */
export function resultEntry(line: string, index: number, metadataDir: string): ResultEntry | undefined {
  if (!line.includes('"lvl": "results"')) return undefined;
  let rec: LogRecord;
  try {
    rec = parseRecord(line);
  } catch {
    return undefined;
  }
  const msg = rec.msg;
  if (rec.lvl !== 'results' || msg === null || typeof msg !== 'object' || Array.isArray(msg)) return undefined;
  const definition = String(msg.definition ?? 'lava');
  const name = String(msg.case ?? '');
  const meta: Record<string, Yaml> = { ...msg };
  if ('extra' in meta) meta.extra = `${metadataDir}/${definition}-${name}-${String(msg.level ?? '')}.yaml`;
  const metadata = Object.keys(meta)
    .sort()
    .map((k) => `${k}: ${yamlScalar(meta[k])}\n`)
    .join('');
  let unit = '';
  let measurement: string | null = null;
  if (definition === 'lava' && msg.duration !== undefined) {
    unit = 'seconds';
    measurement = Number(msg.duration).toFixed(10);
  } else if (msg.measurement !== undefined && msg.measurement !== null) {
    unit = String(msg.units ?? '');
    measurement = Number(msg.measurement).toFixed(10);
  }
  return { line: index, definition, name, result: String(msg.result ?? 'unknown'), unit, measurement, metadata };
}
