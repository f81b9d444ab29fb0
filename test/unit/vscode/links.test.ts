// Links that open jobs (issue 24): the terminal and document link providers and the vscode://…/follow
// handler, over the fake vscode: what becomes a link, and what a click or a link from outside runs.
import assert from 'node:assert/strict';
import { fake } from './harness';
import { DocumentLink, extras, Uri } from './fake/vscode';
import { documentJobLinks, followLinkHandler, registerJobLinks, terminalJobLinks } from '../../../src/vscode/links/jobLinkProviders';

const servers = [{ name: 'lab', url: 'https://lava.example.org' }];

describe('links that open jobs (fake vscode)', () => {
  beforeEach(() => {
    fake.reset();
    extras.clear();
    fake.setSetting('lava.servers', servers);
  });

  it('registers a terminal link provider, a document link provider (files, untitled, Output) and a URI handler', () => {
    const d = registerJobLinks();
    assert.equal(extras.terminalLinkProviders.length, 1);
    assert.deepEqual(extras.documentLinkProviders[0].selector, [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'output' }]);
    assert.equal(extras.uriHandlers.length, 1);
    d.dispose();
    assert.equal(extras.terminalLinkProviders.length + extras.documentLinkProviders.length + extras.uriHandlers.length, 0);
  });

  it("a terminal line: the configured server's job URL is a link that runs Follow Job; another server's is not", async () => {
    const line =
      '$ lavacli jobs submit x.yaml --url → https://lava.example.org/scheduler/job/31 https://other.example.com/scheduler/job/32';
    const links = (await terminalJobLinks.provideTerminalLinks({ line, terminal: {} as never }, {} as never)) ?? [];
    assert.equal(links.length, 1);
    assert.equal(line.substr(links[0].startIndex, links[0].length), 'https://lava.example.org/scheduler/job/31');
    assert.equal(links[0].tooltip, 'Follow LAVA job 31 (lab) in VS Code');
    await terminalJobLinks.handleTerminalLink(links[0]);
    assert.deepEqual(fake.executed, [{ command: 'lava.followJob', args: ['https://lava.example.org/scheduler/job/31'] }]);
  });

  it('a document: links with a Follow Job command target, at the URL range', async () => {
    const doc = fake.openDocument(Uri.file('/w/notes.txt'), 'first line\n  job: https://lava.example.org/scheduler/job/5.\n', 'plaintext');
    const links = ((await documentJobLinks.provideDocumentLinks(doc as never, {} as never)) ?? []) as unknown as DocumentLink[];
    assert.equal(links.length, 1);
    assert.deepEqual([links[0].range.start.line, links[0].range.start.character, links[0].range.end.character], [1, 7, 47]);
    assert.equal(links[0].target?.scheme, 'command');
    assert.equal(links[0].target?.path, 'lava.followJob');
    assert.deepEqual(JSON.parse(decodeURIComponent(links[0].target!.query)), ['https://lava.example.org/scheduler/job/5']);
  });

  it('a huge document: only its beginning is read out of it', async () => {
    const doc = fake.openDocument(
      Uri.file('/w/big.log'),
      'x'.repeat(2_000_000) + '\nhttps://lava.example.org/scheduler/job/5\n',
      'plaintext',
    );
    let asked = 0;
    const getText = doc.getText.bind(doc);
    doc.getText = (range?: never) => {
      asked = range ? getText(range).length : Infinity;
      return getText(range);
    };
    const links = (await documentJobLinks.provideDocumentLinks(doc as never, {} as never)) ?? [];
    assert.equal(links.length, 0);
    assert.ok(asked <= 256 * 1024, `read ${asked} characters`);
  });

  describe('vscode://…/follow?url=', () => {
    const open = (url: string, path = '/follow') =>
      followLinkHandler.handleUri(
        Uri.from({ scheme: 'vscode', authority: 'lava-follow.lava-follow', path, query: `url=${encodeURIComponent(url)}` }) as never,
      );

    it('a job of a configured server is followed at once', async () => {
      await open('https://lava.example.org/scheduler/job/12');
      assert.deepEqual(fake.executed, [{ command: 'lava.followJob', args: ['https://lava.example.org/scheduler/job/12'] }]);
      assert.equal(fake.messages.length, 0);
    });

    it("another server's job: a modal question; dismissed, nothing is followed; agreed, it is followed (without a token)", async () => {
      await open('https://evil.example.com/scheduler/job/12');
      assert.equal(fake.messages.length, 1);
      assert.equal(fake.messages[0].modal, true);
      assert.match(fake.messages[0].message, /evil\.example\.com.*not one of your LAVA servers/);
      assert.deepEqual(fake.messages[0].buttons, ['Follow Without Token']);
      assert.deepEqual(fake.executed, []);
      fake.answerMessages(() => 'Follow Without Token');
      await open('https://evil.example.com/scheduler/job/12');
      assert.deepEqual(fake.executed, [{ command: 'lava.followJob', args: ['https://evil.example.com/scheduler/job/12'] }]);
    });

    it('anything else is refused with a plain message, nothing run', async () => {
      await open('https://lava.example.org/scheduler/job/12', '/run');
      await open('[x](command:lava.setToken) $(alert)');
      assert.equal(fake.messages.length, 2);
      assert.ok(fake.messages.every((m) => m.severity === 'error' && /^LAVA Follow did not follow the link: /.test(m.message)));
      assert.ok(
        fake.messages.every((m) => !/\]\(|\bcommand:\S|\$\(/.test(m.message)),
        fake.messages.map((m) => m.message).join('\n'),
      );
      assert.deepEqual(fake.executed, []);
    });
  });
});
