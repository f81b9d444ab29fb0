// The job-definition providers of src/vscode/authoring over the fake vscode: completion with the
// server's names (a loopback LAVA, requests counted), offline without a word, hover untrusted,
// Outline and folding for job definitions only, one read per document version.
import { fake } from '../fake';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ServerValues, restNames } from '../../../../src/core/jobSchema/completionServerValues';
import { jobSchemaQuery } from '../../../../src/core/jobSchema/schemaQuery';
import { DefinitionCompletion } from '../../../../src/vscode/authoring/definitionCompletion';
import { DefinitionHover } from '../../../../src/vscode/authoring/definitionHover';
import { DefinitionReads } from '../../../../src/vscode/authoring/definitionReads';
import { DefinitionStructure } from '../../../../src/vscode/authoring/definitionStructure';
import { registerAuthoring } from '../../../../src/vscode/authoring/registerAuthoring';
import { NamesServer } from '../../core/jobSchema/namesServer';

const JOB = `job_name: smoke
device_type: qemu
visibility: public
timeouts:
  job:
    minutes: 10
actions:
- deploy:
    to: tmpfs
    timeout:
      minutes: 5
- boot:
    method: qemu
- test:
    definitions:
    - from: git
      name: smoke
`;

function positionOf(doc: vscode.TextDocument, text: string, after = 0): vscode.Position {
  const at = doc.getText().indexOf(text);
  assert.ok(at >= 0, text);
  return doc.positionAt(at + after);
}

describe('authoring providers (fake vscode)', () => {
  let server: NamesServer;
  const now = 0;
  beforeEach(async () => {
    fake.reset();
    server = await new NamesServer().start();
  });
  afterEach(() => server.stop());

  function completion(url: string | undefined, reads = new DefinitionReads()) {
    const values = new ServerValues(
      restNames(async () => ({ fetch: globalThis.fetch.bind(globalThis), timeoutMs: 5000 })),
      { now: () => now },
    );
    return new DefinitionCompletion({
      reads,
      schema: jobSchemaQuery(),
      values,
      serverOf: () => (url ? { name: 'sim', url } : undefined),
    });
  }

  it("completion after `device_type: ` lists the server's device types, read once for many keystrokes", async () => {
    const provider = completion(server.url);
    const doc = fake.openDocument('file:///w/job.yaml', JOB.replace('device_type: qemu', 'device_type: '), 'yaml');
    const pos = positionOf(doc as unknown as vscode.TextDocument, 'device_type: ', 'device_type: '.length);
    const list = (await provider.provideCompletionItems(doc as unknown as vscode.TextDocument, pos))!;
    assert.deepEqual(
      list.items.map((i) => i.label),
      ['qemu', 'x86'],
      'slugs only: a name with Markdown in it is left out',
    );
    assert.equal(list.isIncomplete, false);
    assert.equal(list.items[0].kind, vscode.CompletionItemKind.EnumMember);
    for (let i = 0; i < 10; i++) await provider.provideCompletionItems(doc as unknown as vscode.TextDocument, pos);
    assert.equal(server.count('/api/v0.2/devicetypes/'), 2, 'one read of two pages');
  });

  it('offline: the schema values only, no message, no error', async () => {
    const url = server.url;
    await server.stop();
    const provider = completion(url);
    const doc = fake.openDocument('file:///w/job.yaml', JOB.replace('device_type: qemu', 'device_type: '), 'yaml');
    const td = doc as unknown as vscode.TextDocument;
    const list = (await provider.provideCompletionItems(td, positionOf(td, 'device_type: ', 13)))!;
    assert.deepEqual(list.items, []);
    const to = (await provider.provideCompletionItems(td, positionOf(td, 'to: ', 4)))!;
    assert.ok(to.items.some((i) => i.label === 'tmpfs'));
    assert.equal(fake.messages.length, 0);
  });

  it('a key item: inserted as `key: `, described untrusted, completion asked again for its values', async () => {
    const doc = fake.openDocument('file:///w/job.yaml', JOB + '- deploy:\n    \n', 'yaml');
    const td = doc as unknown as vscode.TextDocument;
    const pos = new vscode.Position(td.lineCount - 2, 4);
    const list = (await completion(undefined).provideCompletionItems(td, pos))!;
    const to = list.items.find((i) => i.label === 'to')!;
    assert.equal(to.insertText, 'to: ');
    assert.equal(to.command?.command, 'editor.action.triggerSuggest');
    const md = to.documentation as vscode.MarkdownString;
    assert.equal(md.isTrusted, false);
    assert.equal(md.supportThemeIcons, false);
    assert.equal(md.supportHtml, false);
  });

  it('nothing for a YAML document that is not a job definition', async () => {
    const doc = fake.openDocument('file:///w/ci.yaml', 'stages:\n  - build\nname: \n', 'yaml') as unknown as vscode.TextDocument;
    assert.equal(await completion(undefined).provideCompletionItems(doc, new vscode.Position(2, 6)), undefined);
    const reads = new DefinitionReads();
    assert.equal(new DefinitionHover(reads, jobSchemaQuery()).provideHover(doc, new vscode.Position(0, 2)), undefined);
    assert.deepEqual(new DefinitionStructure(reads).provideDocumentSymbols(doc), []);
    assert.deepEqual(new DefinitionStructure(reads).provideFoldingRanges(doc), []);
  });

  it('hover on `timeouts:`: its description, untrusted', () => {
    const doc = fake.openDocument('file:///w/job.yaml', JOB, 'yaml') as unknown as vscode.TextDocument;
    const hover = new DefinitionHover(new DefinitionReads(), jobSchemaQuery()).provideHover(doc, positionOf(doc, 'timeouts', 2))!;
    const md = hover.contents[0] as vscode.MarkdownString;
    assert.match(md.value, /^\*\*timeouts\*\*\n\n\S/);
    assert.equal(md.isTrusted, false);
    assert.equal(md.supportHtml, false);
    assert.deepEqual([hover.range!.start.line, hover.range!.start.character, hover.range!.end.character], [3, 0, 8]);
  });

  it('Outline: the actions in order with method and timeout; folding per block; one read per version', () => {
    const reads = new DefinitionReads();
    const structure = new DefinitionStructure(reads);
    const doc = fake.openDocument('file:///w/job.yaml', JOB, 'yaml');
    const td = doc as unknown as vscode.TextDocument;
    const symbols = structure.provideDocumentSymbols(td);
    const actions = symbols.find((s) => s.name === 'actions')!;
    assert.deepEqual(
      actions.children.map((s) => [s.name, s.detail, s.kind]),
      [
        ['deploy', 'tmpfs · timeout 5 min', vscode.SymbolKind.Package],
        ['boot', 'qemu', vscode.SymbolKind.Constructor],
        ['test', 'definitions: 1', vscode.SymbolKind.Method],
      ],
    );
    const folds = structure.provideFoldingRanges(td);
    assert.ok(folds.some((f) => f.start === 6 && f.end === 16));
    new DefinitionHover(reads, jobSchemaQuery()).provideHover(td, new vscode.Position(0, 1));
    assert.equal(reads.reads, 1, 'read once for three providers');
    doc.setText(JOB + '# more\n');
    structure.provideDocumentSymbols(td);
    assert.equal(reads.reads, 2);
  });

  it('registers completion, hover, symbols and folding for YAML', () => {
    const before = (vscode as unknown as { authoringProviders: { completion: unknown[]; hover: unknown[] } }).authoringProviders;
    const c = before.completion.length;
    const disposable = registerAuthoring({
      schema: jobSchemaQuery(),
      readNames: async () => [],
      clock: { now: () => 0 },
      serverOf: () => undefined,
    });
    assert.equal(before.completion.length, c + 1);
    disposable.dispose();
  });
});
