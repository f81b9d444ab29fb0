/**
 * Proves the machinery without the extension: code-server starts, chromium opens the workbench,
 * a built-in command runs from the command palette, output channel files can be read, a
 * screenshot is taken, and everything is stopped afterwards.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import { useVSCode } from './harness';

describe('e2e machinery (code-server + chromium)', function () {
  const vsc = useVSCode(() => ({ name: 'smoke', installExtension: false }));

  it('runs a built-in command from the command palette', async function () {
    const { session } = vsc;
    await session.runCommand('View: Toggle Output');
    const panel = session.page.locator('.part.panel');
    await panel.waitFor({ state: 'visible', timeout: 15_000 });
    await session.page.locator('.part.panel .monaco-editor').first().waitFor({ state: 'visible', timeout: 15_000 });
    const file = await session.screenshot('smoke-output-panel');
    assert.ok(fs.statSync(file).size > 10_000, 'the screenshot is not empty');
  });

  it('reads the extension host log', async function () {
    const { session } = vsc;
    assert.match(session.exthostLog(), /\S/);
  });
});
