// What the `yaml` library is given, counted (issue 19's bounds are counts, not time).
import { yamlLib } from '../../src/core/yaml';

/** Counts what the library is given, through the module object every parse goes through. */
export class YamlSpy {
  calls = 0;
  chars = 0;
  largest = 0;
  uniqueKeysOn = 0;
  private readonly saved: { parse: unknown; parseDocument: unknown; parseAllDocuments: unknown };

  constructor() {
    const Y = yamlLib() as unknown as Record<string, (text: string, ...rest: unknown[]) => unknown>;
    this.saved = { parse: Y.parse, parseDocument: Y.parseDocument, parseAllDocuments: Y.parseAllDocuments };
    for (const name of ['parse', 'parseDocument', 'parseAllDocuments'] as const) {
      const real = Y[name];
      Y[name] = (text: string, ...rest: unknown[]) => {
        this.calls++;
        this.chars += text.length;
        this.largest = Math.max(this.largest, text.length);
        const opts = rest.find((r) => typeof r === 'object' && r !== null) as { uniqueKeys?: unknown } | undefined;
        if (opts?.uniqueKeys !== false) this.uniqueKeysOn++;
        return real(text, ...rest);
      };
    }
  }

  restore(): void {
    Object.assign(yamlLib() as unknown as Record<string, unknown>, this.saved);
  }
}
