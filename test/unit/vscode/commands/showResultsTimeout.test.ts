// Show Results waits for the server as long as `lava.requestTimeoutSeconds` says (it was fixed at 30 s):
// a loopback server that never answers, and the request timeout counted on a virtual clock.
import { fake, FakeSecretStorage } from '../fake';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { showResultsCommand } from '../../../../src/vscode/commands/showResults';
import { ResultsDocuments } from '../../../../src/vscode/testing/resultsDocuments';
import { TokenStore } from '../../../../src/vscode/tokenStore';
import { VirtualClock } from '../../helpers';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Show Results: the request timeout setting', function () {
  this.timeout(20000);
  let server: http.Server;
  let url: string;
  let asked = 0;

  beforeEach(async () => {
    fake.reset();
    asked = 0;
    // Takes the request and never answers (its socket stays open until the test ends).
    server = http.createServer(() => {
      asked++;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('gives up after lava.requestTimeoutSeconds (2 s), not 30 s', async () => {
    fake.setSetting('lava.requestTimeoutSeconds', 2);
    const clock = new VirtualClock();
    const results = new ResultsDocuments(async () => '');
    const tokens = new TokenStore(new FakeSecretStorage());
    const done = showResultsCommand({ fetch: globalThis.fetch.bind(globalThis), tokens, results, clock }, url, '7');
    for (let i = 0; i < 200 && asked === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(asked, 1, 'the request reached the server');
    clock.advance(1999);
    for (let i = 0; i < 10; i++) await tick();
    assert.equal(fake.messages.length, 0, 'still waiting before the timeout');
    clock.advance(1);
    await done;
    assert.equal(fake.messages.length, 1);
    assert.equal(fake.messages[0].severity, 'error');
    assert.match(fake.messages[0].message, /job 7/);
    results.dispose();
  });
});
