/**
 * The board's colours in a real VS Code (issue 24, part F): a job whose console prints
 * `\e[32mgreen\e[0m` (and LAVA 2023.01's ESC-less `[32mgreen[0m`) shows "green" with a decoration,
 * and the document's text holds no escape characters.
 */
import * as assert from 'assert';
import { addColourJob } from '../simulator/colourJob';
import { LavaSimulator } from '../simulator/server';
import { useVSCode, waitFor } from './harness';

const OPEN_JOB_LOG = 'LAVA: Open Job Log…';
/** Its input box's title: the command's name, without "…". */
const OPEN_JOB_LOG_TITLE = 'LAVA: Open Job Log';

describe('LAVA Follow: the board colours in a job log (code-server + chromium)', function () {
  let sim: LavaSimulator;
  before(async function () {
    sim = await LavaSimulator.start({ port: 0 });
    addColourJob(sim, '5');
  });
  after(async function () {
    await sim?.close();
  });
  const vsc = useVSCode(() => ({
    name: 'colours',
    settings: {
      'lava.servers': [{ name: 'sim', url: sim.url, api: 'rest' }],
      'lava.pollMinDelaySeconds': 0.2,
      'lava.pollMaxDelaySeconds': 0.5,
      'lava.requestTimeoutSeconds': 5,
    },
  }));

  it('shows "green" with a decoration and no escape characters in the text', async function () {
    this.timeout(120_000);
    const session = vsc.session;
    await session.runCommand(OPEN_JOB_LOG);
    await session.typeInInput('5', { title: OPEN_JOB_LOG_TITLE });
    await session.submitInput();
    const lines = session.page.locator('.editor-group-container.active .monaco-editor .view-lines');
    // The rendered lines (what a person sees and copies): the words, no ESC, no `[32m`.
    let text = '';
    await waitFor(
      'the coloured lines',
      async () => {
        text = ((await lines.first().textContent()) ?? '').replace(/\u00a0/g, ' ');
        return text.includes('[  OK  ] Started Journal Service.') && text.includes('green with ESC');
      },
      60_000,
      250,
    );
    assert.ok(!text.includes('\x1b') && !text.includes('␛'), text);
    assert.ok(!/\[(?:0|32|1;31)m/.test(text), text);
    // On the ESC line, "green" is a span of its own, coloured unlike the rest of its line (" with ESC"):
    // only the decoration splits it from the words after it.
    await waitFor(
      'a decoration on "green"',
      async () => {
        const found = await lines.first().evaluate((root) => {
          for (const line of Array.from(root.querySelectorAll('.view-line'))) {
            // Monaco renders blanks as U+00A0.
            if (!(line.textContent ?? '').replace(/\u00a0/g, ' ').includes('green with ESC')) continue;
            const spans = Array.from(line.querySelectorAll('span span')) as HTMLElement[];
            const green = spans.find((s) => s.textContent === 'green');
            const rest = spans.find((s) => (s.textContent ?? '').replace(/\u00a0/g, ' ').includes('with ESC'));
            if (green && rest && getComputedStyle(green).color !== getComputedStyle(rest).color) return true;
          }
          return false;
        });
        return found;
      },
      30_000,
      250,
    );
  });
});
