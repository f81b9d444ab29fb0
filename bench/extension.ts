// 6. The extension: bundle size (dist/extension.js from `npm run bundle`, and minified) and
// activation time.
//
// Activation is measured two ways:
//  - in a real VS Code (code-server, through test/e2e/harness.ts when it and scripts/e2e-setup.sh's
//    code-server are there; not in --smoke): the extension host log at trace level has the start
//    of the activation (`_doActivateExtension`), the end of code loading (`_callActivateOptional`)
//    and each command registered by activate(); VS Code's own number (code loading + activate
//    call) is read from "Developer: Show Running Extensions" when it shows one.  The extension is
//    activated (by running LAVA: Stop Following) once VS Code's own start-up activations are over;
//  - always: `require` + `activate` of the bundle in a fresh Node process with a stub `vscode`
//    module (clearly labelled: no extension host around it).
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { BenchOptions, BenchResult, fmtBytes, fmtMs, goalRow, median, repoRoot, Row } from './common';

const ROOT = repoRoot();
const BUNDLE = path.join(ROOT, 'dist', 'extension.js');

// ---------------------------------------------------------------------------------------------
// Bundle

interface BundleInfo {
  bytes: number;
  gzip: number;
  minified: number;
  minifiedGzip: number;
  /** Bytes of the minified bundle that come from node_modules/yaml. */
  yamlBytes: number;
}

async function bundleInfo(): Promise<BundleInfo> {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'bundle.mjs')], { cwd: ROOT, stdio: 'inherit' }); // = npm run bundle
  const code = fs.readFileSync(BUNDLE);
  // The same entry minified (what `NODE_ENV=production npm run bundle` ships), to a temp file.
  const { build } = await import('esbuild');
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lava-bench-')), 'extension.min.js');
  const result = await build({
    entryPoints: [path.join(ROOT, 'src', 'extension.ts')],
    bundle: true,
    outfile: out,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    minify: true,
    metafile: true,
    logLevel: 'warning',
  });
  const min = fs.readFileSync(out);
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  let yamlBytes = 0;
  for (const output of Object.values(result.metafile!.outputs)) {
    for (const [input, info] of Object.entries(output.inputs)) if (/node_modules[\\/]yaml[\\/]/.test(input)) yamlBytes += info.bytesInOutput;
  }
  return { bytes: code.length, gzip: zlib.gzipSync(code).length, minified: min.length, minifiedGzip: zlib.gzipSync(min).length, yamlBytes };
}

// ---------------------------------------------------------------------------------------------
// Activation with a stub vscode module (child process)

interface StubActivation {
  loadMs: number;
  activateMs: number;
}

function stubActivationOnce(): StubActivation {
  const r = spawnSync(process.execPath, [__filename, '--activate-stub', BUNDLE], { encoding: 'utf8' });
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (r.status !== 0 || !line) throw new Error(`stub activation failed: ${r.stderr || r.stdout}`);
  return JSON.parse(line.slice(7)) as StubActivation;
}

/** In the child: a `vscode` module where every member is a no-op returning a disposable. */
function activateWithStub(bundle: string): void {
  const stub: unknown = new Proxy(function () {}, {
    get: (_t, prop) => (prop === 'then' ? undefined : stub),
    set: () => true,
    apply: () => stub,
    construct: () => stub as object,
  });
  // The module object needs real own properties: esbuild's __toESM copies them.
  const names = ['window', 'commands', 'workspace', 'env', 'languages', 'extensions', 'l10n', 'Uri', 'EventEmitter', 'Disposable',
    'ProgressLocation', 'ConfigurationTarget', 'ViewColumn', 'StatusBarAlignment', 'ThemeIcon', 'ThemeColor', 'QuickPickItemKind',
    'Range', 'Position', 'Selection', 'MarkdownString', 'CancellationTokenSource', 'LogLevel', 'version'];
  const vscodeModule = new Proxy(Object.fromEntries(names.map((n) => [n, stub])), { get: (t, prop) => (typeof prop === 'string' && prop in t ? t[prop] : prop === 'then' || prop === '__esModule' ? undefined : stub) });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Module = require('module') as { _resolveFilename: (req: string, ...rest: unknown[]) => string };
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (this: unknown, req: string, ...rest: unknown[]) {
    return req === 'vscode' ? 'vscode' : resolve.call(this, req, ...rest);
  };
  require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscodeModule } as NodeJS.Module;
  const context = { subscriptions: [] as unknown[], secrets: stub, globalState: stub, workspaceState: stub, extensionUri: stub, extensionPath: path.dirname(bundle) };
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ext = require(bundle) as { activate: (c: unknown) => unknown };
  const t1 = performance.now();
  ext.activate(context);
  const t2 = performance.now();
  process.stdout.write(`RESULT ${JSON.stringify({ loadMs: t1 - t0, activateMs: t2 - t1 })}\n`);
}

// ---------------------------------------------------------------------------------------------
// Activation in a real VS Code

interface Session {
  runCommand(title: string): Promise<void>;
  exthostLog(): string;
  stop(): Promise<void>;
  page: { evaluate<T>(fn: () => T): Promise<T> };
}
interface Harness {
  VSCodeSession: { start(options: { name?: string; settings?: Record<string, unknown> }): Promise<Session> };
}

export interface RealActivation {
  /** From the extension host log (ms timestamps): start of activation → code loaded → last command registered. */
  logLoadMs: number;
  logActivateMs: number;
  logTotalMs: number;
  /** VS Code's own figure in Running Extensions, when found. */
  runningExtensionsText?: string;
  runningExtensionsMs?: number;
  log: string[];
}

function logTime(line: string): number | undefined {
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})/.exec(line);
  return m ? Date.parse(`${m[1]}T${m[2]}`) : undefined;
}

/** The activation of lava-follow in an extension host log at trace level. */
export function activationFromLog(log: string): Omit<RealActivation, 'runningExtensionsText' | 'runningExtensionsMs'> | undefined {
  const lines = log.split('\n');
  const start = lines.findIndex((l) => /_doActivateExtension lava-follow\.lava-follow\b/.test(l));
  if (start < 0) return undefined;
  const loaded = lines.findIndex((l, i) => i > start && /_callActivateOptional lava-follow\.lava-follow\b/.test(l));
  if (loaded < 0) return undefined;
  let last = loaded;
  for (let i = loaded + 1; i < lines.length; i++) {
    if (/registerCommand\b.*\blava\./.test(lines[i])) last = i;
    else if (/_doActivateExtension|executeCommand/.test(lines[i])) break;
  }
  const t0 = logTime(lines[start]);
  const t1 = logTime(lines[loaded]);
  const t2 = logTime(lines[last]);
  if (t0 === undefined || t1 === undefined || t2 === undefined) return undefined;
  return { logLoadMs: t1 - t0, logActivateMs: t2 - t1, logTotalMs: t2 - t0, log: lines.slice(start, last + 1) };
}

async function realActivation(): Promise<{ result?: RealActivation; why?: string }> {
  const harnessJs = path.join(ROOT, 'out', 'test', 'e2e', 'harness.js');
  const codeServer = path.join(ROOT, '.vscode-test', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!fs.existsSync(harnessJs)) return { why: 'test/e2e/harness.ts is not built' };
  if (!fs.existsSync(codeServer)) return { why: 'code-server is not installed (scripts/e2e-setup.sh)' };
  const previous = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = 'trace'; // code-server passes it on: the extension host logs at trace level
  let session: Session | undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const harness = require(harnessJs) as Harness;
    session = await harness.VSCodeSession.start({ name: 'bench-activation' });
    // Let VS Code's own start-up activations finish first (they share the extension host thread):
    // wait until the extension host log has been still for 2 s (at most 30 s).
    let size = -1;
    for (let still = 0, i = 0; still < 4 && i < 60; i++) {
      const now = session.exthostLog().length;
      still = now === size ? still + 1 : 0;
      size = now;
      await new Promise((r) => setTimeout(r, 500));
    }
    await session.runCommand('LAVA: Stop Following'); // activates the extension (onCommand)
    let parsed: ReturnType<typeof activationFromLog>;
    for (let i = 0; i < 100 && !(parsed = activationFromLog(session.exthostLog())); i++) await new Promise((r) => setTimeout(r, 100));
    if (!parsed) return { why: 'no lava-follow activation in the extension host log' };
    const result: RealActivation = { ...parsed };
    try {
      await session.runCommand('Developer: Show Running Extensions');
      for (let i = 0; i < 50 && result.runningExtensionsMs === undefined; i++) {
        await new Promise((r) => setTimeout(r, 200));
        const text = await session.page.evaluate(() => document.querySelector('.runtime-extensions-editor')?.textContent ?? '');
        const m = /LAVA Follow[\s\S]*?((?:Startup )?Activation: (\d+)\s*ms)/.exec(text);
        if (m) {
          result.runningExtensionsText = m[1];
          result.runningExtensionsMs = Number(m[2]);
        }
      }
    } catch {
      // the figure from the log stands on its own
    }
    return { result };
  } catch (err) {
    return { why: `the VS Code session failed: ${(err as Error).message.split('\n')[0]}` };
  } finally {
    await session?.stop().catch(() => undefined);
    if (previous === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = previous;
  }
}

// ---------------------------------------------------------------------------------------------

export async function extensionBench(opts: BenchOptions): Promise<BenchResult> {
  const info = await bundleInfo();
  const stubs = Array.from({ length: opts.smoke ? 3 : 9 }, () => stubActivationOnce());
  const load = median(stubs.map((s) => s.loadMs));
  const act = median(stubs.map((s) => s.activateMs));
  const real = opts.smoke ? { why: 'not in --smoke' } : await realActivation();
  const yamlShare = info.yamlBytes / info.minified;
  const sizeBound = `the yaml library (records.ts fallback for lines the fast path does not take) is ${fmtBytes(info.yamlBytes)} of the ${fmtBytes(info.minified)} minified bundle`;
  const rows: Row[] = [
    goalRow(
      { bench: 'extension', variant: 'dist/extension.js (npm run bundle)', metric: 'bundle size', value: info.bytes / 1000, shown: `${fmtBytes(info.bytes)} (gzip ${fmtBytes(info.gzip)})`, max: 150, goalText: '≤ 150 kB' },
      `${sizeBound}; the shipped bundle is not minified (npm run bundle without NODE_ENV=production)`,
    ),
    goalRow(
      { bench: 'extension', variant: 'same, minified', metric: 'bundle size', value: info.minified / 1000, shown: `${fmtBytes(info.minified)} (gzip ${fmtBytes(info.minifiedGzip)}; yaml ${Math.round(yamlShare * 100)}%)`, max: 150, goalText: '≤ 150 kB' },
      sizeBound,
    ),
  ];
  const notes: string[] = [];
  if (real.result) {
    const r = real.result;
    rows.push(
      goalRow(
        {
          bench: 'extension',
          variant: 'activation in VS Code 1.139 (code-server), extension host log',
          metric: 'activation time',
          value: r.logTotalMs,
          shown: `${fmtMs(r.logTotalMs)} (code loading ${fmtMs(r.logLoadMs)} + activate() ${fmtMs(r.logActivateMs)})${r.runningExtensionsText ? `; Running Extensions: "${r.runningExtensionsText}"` : ''}`,
          max: 20,
          goalText: '≤ 20 ms',
        },
        `loading the ${fmtBytes(info.bytes)} bundle (code loading ${fmtMs(r.logLoadMs)}), most of it the yaml library`,
      ),
    );
    notes.push(`Extension host log (trace): ${r.log.map((l) => l.replace(/^\S+ /, '')).slice(0, 3).join(' | ')}${r.log.length > 3 ? ` | … (${r.log.length} lines)` : ''}`);
  } else {
    notes.push(`Activation in a real VS Code: not measured (${real.why}).`);
  }
  rows.push(
    goalRow(
      {
        bench: 'extension',
        variant: 'require + activate in Node with a stub vscode (NOT VS Code)',
        metric: 'activation time',
        value: load + act,
        shown: `${fmtMs(load + act)} (require ${fmtMs(load)} + activate ${fmtMs(act)})`,
        max: 20,
        goalText: '≤ 20 ms',
      },
      'compiling and running the bundle (mostly the yaml library) in require',
    ),
  );
  notes.push(`Stub activation: median of ${stubs.length} fresh Node ${process.version} processes; real VS Code adds its own work around it (localization, context, API objects).`);
  return { name: 'extension', title: '6. The extension (bundle size, activation)', rows, notes, details: { bundle: info, stubs, real } };
}

if (require.main === module && process.argv[2] === '--activate-stub') activateWithStub(process.argv[3]);
