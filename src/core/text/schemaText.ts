// core/text — the words of offline job definition checks (issue 23): problems and their quick fixes.
// Keys and values quoted from the document go through `quoted` (one line, bounded, no codicon, no link).
import { plainLabel, plainLine } from '../untrusted/plainForSurface';

/** The Problems source of offline checks (validate-on-save's server diagnostics have their own). */
export const OFFLINE_SOURCE = 'LAVA (offline)';

/** A key or value from the document, as a message quotes it. */
export function quoted(text: string): string {
  return '`' + plainLabel(plainLine(text, 60)).replace(/\]\(/g, '] (') + '`';
}

function list(names: readonly string[], max = 8): string {
  const shown = names.slice(0, max).map(quoted).join(', ');
  return names.length > max ? `${shown}, …` : shown;
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  null: 'nothing',
  timestamp: 'a date',
};

function typeWords(types: readonly string[]): string {
  const words = [...new Set(types.map((t) => TYPE_WORDS[t] ?? t))];
  return words.length <= 1 ? (words[0] ?? 'something else') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

export const SCHEMA_TEXT = {
  unknownKey: (key: string, suggestion?: string) =>
    suggestion !== undefined
      ? `Unknown key ${quoted(key)} here: did you mean ${quoted(suggestion)}?`
      : `Unknown key ${quoted(key)} here (LAVA's strict check refuses it).`,
  duplicateKey: (key: string) => `Duplicate key ${quoted(key)}: LAVA keeps only the last one.`,
  notAllowedKey: (key: string, why?: string) => `${quoted(key)} is not allowed here${why ? `: ${plainLine(why, 300)}` : '.'}`,
  wrongType: (what: string, expected: readonly string[], actual: string) =>
    actual === 'null'
      ? `${what} needs a value: ${typeWords(expected)}.`
      : `${what} should be ${typeWords(expected)}, not ${typeWords([actual])}.`,
  missingKey: (key: string, where: string) => `Missing required key ${quoted(key)} in ${where}.`,
  missingOneOf: (keys: readonly string[], where: string) => `${where} needs one of ${list(keys)}.`,
  notAllowedValue: (value: string, what: string, allowed: readonly string[], suggestion?: string) =>
    suggestion !== undefined
      ? `${quoted(value)} is not an allowed value of ${what}: did you mean ${quoted(suggestion)}?`
      : `${quoted(value)} is not an allowed value of ${what} (allowed: ${list(allowed)}).`,
  reservedValue: (value: string, what: string) => `${quoted(value)} cannot be used as ${what}.`,
  tooSmall: (what: string, min: number, exclusive: boolean) => `${what} must be ${exclusive ? 'more than' : 'at least'} ${min}.`,
  tooLarge: (what: string, max: number, exclusive: boolean) => `${what} must be ${exclusive ? 'less than' : 'at most'} ${max}.`,
  tooShort: (what: string, min: number) => (min <= 1 ? `${what} must not be empty.` : `${what} must be at least ${min} characters long.`),
  tooLong: (what: string, max: number) => `${what} must be at most ${max} characters long.`,
  badPattern: (what: string, value: string) => `${quoted(value)} is not a valid value of ${what}.`,
  tooFewItems: (what: string, min: number) => `${what} must have at least ${min} entr${min === 1 ? 'y' : 'ies'}.`,
  tooManyItems: (what: string, max: number) => `${what} must have at most ${max} entr${max === 1 ? 'y' : 'ies'}.`,
  tooFewKeys: (what: string, min: number) => `${what} must have at least ${min} key${min === 1 ? '' : 's'}.`,
  tooManyKeys: (what: string, max: number) => `${what} must have at most ${max} key${max === 1 ? '' : 's'}.`,
  exclusiveKeys: (keys: readonly string[]) => `${list(keys)} cannot be used together.`,
  notValid: (what: string) => `${what} is not valid here.`,
  timeoutUnit: (what: string, value: string) =>
    `${what} needs a unit: write it as a mapping such as \`minutes: 5\` (\`days\`, \`hours\`, \`minutes\` or \`seconds\`), not ${quoted(value)}.`,
  timeoutOverJob: (what: string, seconds: number, jobSeconds: number) =>
    `${what} (${duration(seconds)}) is longer than the job's timeout (${duration(jobSeconds)}): LAVA refuses the job.`,
  /** What a problem is about: the key it sits under (`to`), or the place. */
  keyWhat: (key: string) => quoted(key),
  itemWhat: (index: number, key?: string) => (key !== undefined ? `entry ${index + 1} of ${quoted(key)}` : `entry ${index + 1}`),
  documentWhat: 'the job definition',
  actionTimeoutWhat: (index: number, kind: string) => `The timeout of action ${index + 1} (${quoted(kind)})`,
  globalTimeoutWhat: (path: string) => `The timeout ${quoted(path)}`,
  fixRename: (to: string) => `Change to ${quoted(to)}`,
  fixAddKey: (key: string) => `Add ${quoted(key + ':')}`,
  fixTimeout: (text: string) => `Write it as ${quoted(text)}`,
} as const;

/** "2 h 30 min", "45 s". */
export function duration(seconds: number): string {
  const parts: string[] = [];
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (d) parts.push(`${d} d`);
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  if (s || !parts.length) parts.push(`${s} s`);
  return parts.join(' ');
}
