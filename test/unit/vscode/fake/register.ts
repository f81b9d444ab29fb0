// Loaded by mocha before any test (.mocharc.json "require"), and first by every test of
// test/unit/vscode/ (so that a file run alone, `mocha --no-config`, has it too): the module id
// 'vscode' — which exists only inside VS Code's extension host — resolves to the fake next to it.
// Only that one id is redirected, only under Node's module loader; nothing else changes.
import Module from 'node:module';
import path from 'node:path';

const FAKE = path.join(__dirname, 'vscode.js');
const loader = Module as unknown as {
  _resolveFilename(request: string, parent: unknown, ...rest: unknown[]): string;
  __fakeVscode?: boolean;
};

if (!loader.__fakeVscode) {
  loader.__fakeVscode = true;
  const resolve = loader._resolveFilename;
  loader._resolveFilename = function (request: string, parent: unknown, ...rest: unknown[]): string {
    return request === 'vscode' ? FAKE : resolve.call(this, request, parent, ...rest);
  };
}
