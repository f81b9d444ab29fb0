// core — the one door to the `yaml` library: loaded on first use, always with the safe options.
/**
 * The `yaml` library, loaded on first use only: LAVA's records go through the fast parser, and
 * the library (three quarters of the bundle) is the fallback. The bundle ships it as
 * `dist/yaml-lib.js` beside `dist/extension.js` (see scripts/bundle.mjs, which defines
 * YAML_BUNDLE); compiled for tests it is the npm package.
 *
 * Every parse goes through here, because the library is slow on the thread all extensions share:
 * - its duplicate-key check (`uniqueKeys`, on by default) compares each key of a mapping with
 *   every earlier one, O(n²): 40 000 keys held the thread for 11 s. It is always off here; where
 *   duplicates matter (job definitions) `duplicateKeys` finds them with a Set;
 * - even without it the library reads about 0.5-1 MB/s on this machine's loaded cores (1-3 µs a
 *   character for the worst shapes: short keys, flow sequences, tags), so the text it is given is
 *   capped by the caller (`maxChars`), so that one parse stays near 100 ms at most;
 * - it recurses once per nesting level: `- - - …`, `[[[…` or `? ? …` thousands deep overflow the
 *   stack (V8 has been seen to abort the process) or take seconds, so `nestingOver` refuses them
 *   first;
 * - aliases are expanded by `toJS`: an alias bomb fails at once (`maxAliasCount`).
 */
import type { Document, DocumentOptions, LineCounter, ParseOptions, SchemaOptions, ToJSOptions } from 'yaml';

export type YamlModule = typeof import('yaml');

declare const YAML_BUNDLE: string | undefined;

let lib: YamlModule | undefined;

/** The library itself (type guards, LineCounter); parse only with the functions below. */
export function yamlLib(): YamlModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  lib ??= require(typeof YAML_BUNDLE === 'string' ? YAML_BUNDLE : 'yaml') as YamlModule;
  return lib;
}

/** Deepest nesting (flow collections open, or block indicators on one line) any parse is given. */
export const MAX_NESTING = 64;

/** Aliases one parse may expand (LAVA's texts have a handful at most). */
export const MAX_ALIAS_COUNT = 100;

/** Thrown (before any parse) for a text over its cap or nested deeper than MAX_NESTING. */
export class YamlRefused extends Error {
  constructor(
    message: string,
    readonly why: 'too-big' | 'too-deep',
  ) {
    super(message);
    this.name = 'YamlRefused';
  }
}

export interface SafeOptions {
  /** The largest text parsed (characters); a longer one is refused (YamlRefused 'too-big'). */
  maxChars: number;
  /**
   * The most YAML items (countItems) parsed: the library's cost is mostly per node (~13 µs a node on
   * this machine's loaded cores, 0.2 µs a character of a long scalar), so a short text of many tiny
   * nodes (`[1,1,1,…]`) is refused like a long one. Default: maxChars / 16.
   */
  maxItems?: number;
  /** What the text is, for the refusal's message ("lavacli.yaml", "The job definition"). */
  what: string;
  version?: '1.1' | '1.2';
  logLevel?: 'silent' | 'error' | 'warn' | 'debug';
}

/** "64 KB" */
export function kb(chars: number): string {
  return `${Math.ceil(chars / 1024)} KB`;
}

/** Throws YamlRefused when `text` is over `maxChars` or nested too deep. Linear, no parse. */
export function checkYamlSize(text: string, o: SafeOptions): void {
  if (text.length > o.maxChars) {
    throw new YamlRefused(
      `${o.what} is ${kb(text.length)}: LAVA Follow reads up to ${kb(o.maxChars)} of YAML (a longer text would hold up the editor while it is parsed).`,
      'too-big',
    );
  }
  if (nestingOver(text, MAX_NESTING)) {
    throw new YamlRefused(`${o.what} is nested more than ${MAX_NESTING} levels deep: LAVA Follow does not parse it.`, 'too-deep');
  }
  const maxItems = o.maxItems ?? Math.floor(o.maxChars / 16);
  const items = countItems(text, maxItems);
  if (items > maxItems) {
    throw new YamlRefused(
      `${o.what} has more than ${maxItems} YAML items (keys, list entries, lines): LAVA Follow reads up to ${maxItems} (more would hold up the editor while it is parsed).`,
      'too-big',
    );
  }
}

function libOptions(o: SafeOptions): ParseOptions & DocumentOptions & SchemaOptions & ToJSOptions {
  return {
    uniqueKeys: false,
    maxAliasCount: MAX_ALIAS_COUNT,
    ...(o.version ? { version: o.version } : {}),
    ...(o.logLevel ? { logLevel: o.logLevel } : {}),
  };
}

/** The value of a YAML text (the library's `parse`), safe options always on. Throws YamlRefused or the library's errors. */
export function parseYaml(text: string, o: SafeOptions): unknown {
  checkYamlSize(text, o);
  return yamlLib().parse(text, libOptions(o));
}

/**
 * The library's document (nodes with source ranges), safe options always on; checked first like
 * parseYaml. Parse problems are in `errors`, the library throws none.
 */
export function parseYamlDocument(text: string, o: SafeOptions & { lineCounter?: LineCounter }): Document.Parsed {
  checkYamlSize(text, o);
  return yamlLib().parseDocument(text, {
    ...libOptions(o),
    keepSourceTokens: true,
    prettyErrors: false,
    ...(o.lineCounter ? { lineCounter: o.lineCounter } : {}),
  });
}

/** The JavaScript value of a parsed document, aliases bounded. */
export function documentValue(doc: Document.Parsed, maxAliasCount = MAX_ALIAS_COUNT): unknown {
  return doc.toJS({ maxAliasCount: Math.min(maxAliasCount, 1000) });
}

/**
 * True when the text nests deeper than `max`: more than `max` flow collections (`[`, `{`) open at
 * some point (outside quoted scalars and comments, across lines), or more than `max` block
 * indicators (`- `, `? `, `: `) at the start of one line and `key:`s after them on that line
 * (in a row, `a: b: c: …`). Counts generously (a `[` inside a plain
 * scalar counts): such a text is no LAVA text anyway. A quote starts a quoted scalar only where
 * the library would start one (after a blank or `[{,:`): one inside a plain scalar (`it's`) is a
 * character, so it cannot hide the brackets after it. One pass over the text.
 */
export function nestingOver(text: string, max: number): boolean {
  let open = 0;
  const n = text.length;
  let lineStart = true;
  let leading = 0;
  /** `key:`s in a row on this line (no `,` or bracket between): `a: b: c: …` nests a mapping each (the library recurses). */
  let colons = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      lineStart = true;
      leading = 0;
      colons = 0;
      continue;
    }
    if (lineStart) {
      if (c === 0x20 || c === 0x09) continue;
      const next = text.charCodeAt(i + 1);
      if ((c === 0x2d || c === 0x3f || c === 0x3a) && (next === 0x20 || next === 0x09)) {
        if (++leading > max) return true;
        i++;
        continue;
      }
      lineStart = false;
    }
    if (c === 0x2c) {
      if (open > 0) colons = 0; // `{a: 1, b: 2}`: siblings, not a chain (outside a flow collection `,` is text)
    } else if (c === 0x5b || c === 0x7b) {
      colons = 0;
      if (++open > max) return true;
    } else if (c === 0x3a) {
      const next = text.charCodeAt(i + 1);
      if ((next === 0x20 || next === 0x09 || next === 0x0a || i + 1 === n) && leading + ++colons > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      if (open > 0) {
        open--;
        colons = 0;
      }
    } else if (c === 0x22 && startsToken(text, i)) {
      // "...": backslash escapes
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x27 && startsToken(text, i)) {
      // '...': '' is a quote
      for (i++; i < n; i++) {
        if (text.charCodeAt(i) === 0x27) {
          if (text.charCodeAt(i + 1) === 0x27) i++;
          else break;
        }
      }
    } else if (c === 0x23 && (i === 0 || text.charCodeAt(i - 1) === 0x20 || text.charCodeAt(i - 1) === 0x09)) {
      // a comment: skip to the end of the line
      const nl = text.indexOf('\n', i);
      if (nl < 0) return false;
      i = nl - 1;
    }
  }
  return false;
}

/**
 * An upper bound of the nodes the library would make of `text`: its line breaks, `,`, `[`, `{` and
 * `:`/`-`/`?` followed by a blank (counted generously, quoted text included). Stops past `max`.
 */
export function countItems(text: string, max: number): number {
  let n = 0;
  const len = text.length;
  for (let i = 0; i < len && n <= max; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x2c || c === 0x5b || c === 0x7b) n++;
    else if (c === 0x3a || c === 0x2d || c === 0x3f) {
      const d = text.charCodeAt(i + 1);
      if (d === 0x20 || d === 0x09 || d === 0x0a || i + 1 === len) n++;
    }
  }
  return n;
}

/** Whether a quote at `i` starts a quoted scalar (not a character inside a plain one). */
function startsToken(text: string, i: number): boolean {
  if (i === 0) return true;
  const p = text.charCodeAt(i - 1);
  return p === 0x20 || p === 0x09 || p === 0x0a || p === 0x0d || p === 0x5b || p === 0x7b || p === 0x2c || p === 0x3a;
}
