// node out/test/simulator/cli.js [--port 8080 (0 = any free port)] [--demo] [--token T] [--verbose]
//   [--lava-version 2023.01 (default) | 2024.09 | 2025.02 | 2025.10 | 2026.02 | 2026.05 | 2026.07] [--require-login]
// Starts the LAVA simulator; prints one JSON line {"url", "jobs"} when listening.
import { addDemoJobs } from './demo';
import { isLavaVersion, LAVA_VERSIONS, LavaSimulator } from './server';

interface CliArgs {
  port: number;
  demo: boolean;
  token?: string;
  verbose: boolean;
  lavaVersion?: string;
  requireLogin: boolean;
}

function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { port: 8080, demo: false, verbose: false, requireLogin: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--port') args.port = Number(value());
    else if (a === '--token') args.token = value();
    else if (a === '--demo') args.demo = true;
    else if (a === '--lava-version') {
      const v = value();
      if (!isLavaVersion(v)) throw new Error(`--lava-version: one of ${LAVA_VERSIONS.join(', ')}`);
      args.lavaVersion = v;
    } else if (a === '--require-login') args.requireLogin = true;
    else if (a === '--verbose' || a === '-v') args.verbose = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: cli.js [--port N] [--demo] [--token T] [--verbose] [--lava-version V] [--require-login]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error('bad --port');
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const sim = await LavaSimulator.start({
    port: args.port,
    token: args.token,
    lavaVersion: args.lavaVersion,
    requireLogin: args.requireLogin,
    log: args.verbose ? (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`) : undefined,
  });
  const jobs = args.demo ? addDemoJobs(sim) : [];
  process.stdout.write(JSON.stringify({ url: sim.url, jobs }) + '\n');
  const stop = () => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`lava simulator: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
