// The rule of core/text/uiText.ts: no sentence a user reads is written inline in src/vscode.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..', '..', 'src', 'vscode');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Where VS Code shows our words: a message, a button, a title, a prompt, a placeholder, a tooltip, a label. */
const INLINE = [
  /show(Information|Warning|Error)Message\(\s*['`"]/,
  /setStatusBarMessage\(\s*['`"]/,
  /\b(title|prompt|placeHolder|placeholder|tooltip|label|description|detail)\s*[:=]\s*['`"][A-Za-z]/,
  /\bnotice\(\s*['`"]/,
  /\bconst [A-Z_]+(: string)? = ['`"][A-Z][a-z]/,
];

describe('every sentence in core/text: src/vscode writes none inline', () => {
  it('finds no message, button, title, prompt, placeholder, tooltip or label written as a literal', () => {
    const found: string[] = [];
    for (const file of sources(ROOT)) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (INLINE.some((re) => re.test(line))) found.push(`${file.slice(ROOT.length + 1)}:${i + 1}: ${line.trim()}`);
        });
    }
    assert.deepEqual(found, []);
  });
});
