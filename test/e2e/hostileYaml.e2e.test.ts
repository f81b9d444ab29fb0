/**
 * Hostile YAML in a real VS Code (issue 19, hole 1): a workspace holding a 0.5 MB job definition with
 * 40 000 metadata keys, open in an editor (its CodeLens looked at) and saved (validate-on-save looks at
 * it): LAVA: Find Job… still opens at once, and the definition's CodeLens is there. Before, the CodeLens
 * parsed it on every change (12 s with the library's duplicate-key scan) and the picker froze with it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { LavaSimulator } from '../simulator/server';
import { useVSCode, VSCodeSession, waitFor } from './harness';

const FIND_JOB = 'LAVA: Find Job…';

function bigDefinition(): string {
  const keys: string[] = [];
  for (let i = 0; i < 40_000; i++) keys.push(`  key${i}: v1`);
  return `job_name: hostile\ndevice_type: qemu\nvisibility: public\ntimeouts:\n  job: {minutes: 5}\nactions:\n- boot: {method: qemu}\nmetadata:\n${keys.join('\n')}\n`;
}

async function openWorkspaceFile(session: VSCodeSession, name: string): Promise<void> {
  await session.closeInput();
  await session.page.keyboard.press('Control+P');
  await session.typeInInput(name);
  await session.pickItem(new RegExp(`^\\s*${name.replace('.', '\\.')}\\s*$`));
  await session.page.locator('.tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: 30_000 });
}

describe('LAVA Follow: a 0.5 MB hostile job definition in the workspace (code-server + chromium)', function () {
  let sim: LavaSimulator;
  before(async function () {
    sim = await LavaSimulator.start({ port: 0 });
  });
  after(async function () {
    await sim?.close();
  });
  const vsc = useVSCode(() => ({
    name: 'hostile-yaml',
    settings: { 'lava.servers': [{ name: 'sim', url: sim.url, api: 'auto' }], 'lava.validateOnSave': true },
  }));

  it('Find Job still opens at once with the 0.5 MB definition open, looked at and saved', async function () {
    const { session } = vsc;
    fs.writeFileSync(path.join(session.workspaceDir, 'big.yaml'), bigDefinition());
    await openWorkspaceFile(session, 'big.yaml');
    // Its CodeLens (the text looked at, not parsed) is there.
    await session.page.locator('.codelens-decoration', { hasText: 'Validate' }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await session.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click({ force: true });
    await session.page.keyboard.press('Control+S');
    await session.runCommand(FIND_JOB);
    await session.waitForInputTitle('LAVA: Find Job', 15_000);
    await waitFor('the Find Job picker to stay open', async () => session.inputIsOpen(), 5_000, 200);
    await session.closeInput();
  });
});
