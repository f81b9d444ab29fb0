/**
 * `npm start`: the demo. Starts the LAVA simulator with demo jobs (REST jobs 1 and 2,
 * log-tail job 101, each running about two minutes once asked for), then opens VS Code with the
 * extension loaded and `lava.servers` pointed at the simulator: desktop VS Code
 * (`code --extensionDevelopmentPath`) when `code` is on PATH, otherwise code-server
 * in the browser (its URL is printed). Ctrl+C stops everything.
 */
import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BASE_SETTINGS, CODE_SERVER_ENTRY, NODE24, packageExtension, REPO_ROOT } from '../test/e2e/harness';
import { LavaSimulator } from '../test/simulator/server';
import { addDemoJobs } from '../test/simulator/demo';

const CODE_SERVER_PORT = Number(process.env.DEMO_PORT ?? 8088);
const SIMULATOR_PORT = Number(process.env.SIMULATOR_PORT ?? 8080);

async function main(): Promise<void> {
  const sim = await LavaSimulator.start({ port: SIMULATOR_PORT });
  addDemoJobs(sim);
  const port = new URL(sim.url).port;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lava-follow-demo-'));
  const userDataDir = path.join(root, 'user-data');
  const workspace = path.join(root, 'workspace');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(workspace, { recursive: true });
  const settings = {
    ...BASE_SETTINGS,
    'lava.servers': [
      { name: 'simulator', url: `http://127.0.0.1:${port}`, api: 'rest' },
      { name: 'simulator (log-tail)', url: `http://localhost:${port}`, api: 'log-tail' },
    ],
  };
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  const children: ChildProcess[] = [];
  const stop = () => {
    for (const child of children) if (child.pid) killTree(child.pid);
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  console.log(`LAVA simulator: ${sim.url}`);
  console.log('  REST jobs 1 (ends Complete) and 2 (ends Incomplete) on server "simulator",');
  console.log('  log-tail job 101 on server "simulator (log-tail)". Each runs about two minutes from the moment');
  console.log('  it is first asked for, and runs again from the beginning when followed after it ended.');
  console.log('In VS Code: F1 → "LAVA: Follow Job…" → type 1 → Enter → pick "simulator".');

  if (hasDesktopCode() && !process.env.DEMO_CODE_SERVER) {
    const child = spawn('code', ['--user-data-dir', userDataDir, '--extensionDevelopmentPath', REPO_ROOT, '--new-window', workspace], {
      stdio: 'inherit',
      detached: true,
    });
    children.push(child);
    console.log('Opened desktop VS Code with the extension loaded. Ctrl+C here stops the simulator.');
    return;
  }

  execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'e2e-setup.sh')], { stdio: 'inherit' });
  const vsix = await packageExtension();
  const extensionsDir = path.join(root, 'extensions');
  const env = { ...process.env, PATH: `${path.dirname(NODE24)}:${process.env.PATH}` };
  execFileSync(
    NODE24,
    [CODE_SERVER_ENTRY, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix],
    {
      env,
      stdio: 'ignore',
    },
  );
  const child = spawn(
    NODE24,
    [
      CODE_SERVER_ENTRY,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${CODE_SERVER_PORT}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      workspace,
    ],
    { env, stdio: ['ignore', 'ignore', 'inherit'], detached: true },
  );
  children.push(child);
  console.log(`\nVS Code (code-server): http://127.0.0.1:${CODE_SERVER_PORT}/?folder=${encodeURIComponent(workspace)}`);
  console.log('Open that URL in a browser. Ctrl+C here stops code-server and the simulator.');
}

function hasDesktopCode(): boolean {
  return spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
}

function killTree(pid: number): void {
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

main().catch((err: unknown) => {
  console.error(`demo: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
