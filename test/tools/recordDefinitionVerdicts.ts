// Records LAVA's verdict on every corpus definition into test/fixtures/definitions/verdicts.json:
// `npm run compile && node out/test/tools/recordDefinitionVerdicts.js` with the real LAVA up
// (REAL_LAVA_ENV or /tmp/real-lava/env; its LAVA_PROXY_URL, else LAVA_URL; LAVA_USER + LAVA_TOKEN).
import * as fs from 'node:fs';
import { realLava } from '../real/realLava';
import { askServerAll, listCorpus, StoredVerdicts, verdictsFile } from './definitionsCorpus';

async function main(): Promise<void> {
  const lava = realLava();
  if (!lava) throw new Error('no real LAVA (REAL_LAVA_ENV / /tmp/real-lava/env)');
  const origin = lava.proxyUrl ?? lava.url;
  const auth = lava.user ? { user: lava.user, token: lava.token } : undefined;
  const out: StoredVerdicts = {
    server: 'LAVA 2023.01 (the real LAVA of test/real/realLava.ts)',
    method: 'XML-RPC scheduler.jobs.validate(definition, strict=True)',
    verdicts: {},
  };
  const items = listCorpus();
  const answers = await askServerAll(origin, items, auth);
  items.forEach((rel, i) => (out.verdicts[rel] = answers[i]));
  const valid = answers.filter((v) => v.valid).length;
  fs.writeFileSync(verdictsFile(), JSON.stringify(out, null, 2) + '\n');
  console.log(`${items.length} definitions: ${valid} valid, ${items.length - valid} rejected`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
