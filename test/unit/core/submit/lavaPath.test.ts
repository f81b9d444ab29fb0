// LAVA's answers about a definition placed on the YAML line they are about: the three captured
// answers (REST validate, XML-RPC validate, submit 400) for each of the 14 invalid definitions.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { readDefinition } from '../../../../src/core/submit/definition';
import {
  guessPath,
  locatePath,
  parseDataPath,
  parsePythonList,
  parseRestValidateMessage,
  parseSubmitMessage,
  problemAt,
  problemFromMessage,
} from '../../../../src/core/submit/lavaPath';
import { decodeResponse } from '../../../../src/core/protocols/xmlrpc';
import { SUBMIT_DIR } from '../../../simulator/captured';
import { capturedBody, definitionText, INVALID_CASES } from './cases';

describe('lavaPath: parsing LAVA paths and messages', () => {
  it("reads Python's str(list): quotes, ints, escapes, the empty list", () => {
    assert.deepEqual(parsePythonList("['actions', 'deploy', 'tmpfz']"), ['actions', 'deploy', 'tmpfz']);
    assert.deepEqual(parsePythonList('[]'), []);
    assert.deepEqual(parsePythonList("['actions', 0, 'deploy']"), ['actions', 0, 'deploy']);
    assert.deepEqual(parsePythonList(`["it's", 'a\\'b', 'x\\\\y']`), ["it's", "a'b", 'x\\y']);
    assert.deepEqual(parsePythonList("['actions[0]', 'deploy', 'tmpfs', 'images']"), ['actions[0]', 'deploy', 'tmpfs', 'images']);
    assert.equal(parsePythonList("['unterminated"), undefined);
    assert.equal(parsePythonList('not a list'), undefined);
    assert.equal(parsePythonList("['a' 'b']"), undefined);
  });

  it("reads voluptuous' data[...] paths", () => {
    assert.deepEqual(parseDataPath("data['timeouts']['job']['minutes']"), ['timeouts', 'job', 'minutes']);
    assert.deepEqual(parseDataPath("data['actions'][0]['deploy']"), ['actions', 0, 'deploy']);
    assert.equal(parseDataPath("data['x"), undefined);
  });

  it('reads the submit 400 messages of LAVA 2023.01', () => {
    const cases: [string, readonly (string | number)[] | undefined][] = [
      ["Problem with submitted job data: extra keys not allowed @ data['foo']", ['foo']],
      [
        "Problem with submitted job data: expected int for dictionary value @ data['timeouts']['job']['minutes']",
        ['timeouts', 'job', 'minutes'],
      ],
      ["job submission failed: 'device_type'.", ['device_type']],
      ['Problem with submitted job data: Invalid job priority: 101. Should be in [0, 100]', ['priority']],
      ["Devices unavailable: Device type 'qemux' is unavailable.", ['device_type']],
      ['Problem with submitted job data: expected a dictionary', []],
      ['Something else entirely', undefined],
    ];
    for (const [message, want] of cases) {
      const p = parseSubmitMessage(message);
      assert.equal(p.message, message, 'the server message is kept whole');
      assert.deepEqual(p.path, want, message);
    }
    const notYaml = JSON.parse(capturedBody('submit-not-yaml.json')) as { message: string };
    assert.deepEqual(parseSubmitMessage(notYaml.message).yamlPosition, { line: 1, col: 0 }, 'PyYAML "line 2, column 1" (the problem mark)');
  });

  it('reads REST validate messages', () => {
    assert.deepEqual(parseRestValidateMessage('Job valid.'), { valid: true });
    assert.deepEqual(parseRestValidateMessage('Job invalid: expected a list'), { valid: false, message: 'expected a list' });
    assert.equal(parseRestValidateMessage('Hello'), undefined);
  });
});

describe('lavaPath: placing a path in the document', () => {
  const job = definitionText('unknown-deploy-method');
  const def = readDefinition(job);
  const line = (re: RegExp) => job.split('\n').findIndex((l) => re.test(l));

  it('puts a scalar problem on the value, an extra key on the key, a block on its key', () => {
    const vis = locatePath(def, ['visibility'], 'not a valid value');
    assert.deepEqual(vis.range, { startLine: line(/^visibility:/), startCol: 12, endLine: line(/^visibility:/), endCol: 18 });
    const ctx = locatePath(def, ['context', 'arch'], 'extra keys not allowed').range;
    assert.deepEqual([ctx.startLine, ctx.startCol, ctx.endCol], [line(/^ {2}arch: amd64/), 2, 6]);
    assert.equal(locatePath(def, ['timeouts'], 'expected a dictionary').range.startLine, line(/^timeouts:/));
  });

  it("follows list indexes (ints, digit strings) and LAVA's 'actions[N]' form past the action class", () => {
    assert.equal(locatePath(def, ['actions', 1, 'boot', 'method']).range.startLine, line(/^ {4}method: qemu$/));
    assert.equal(locatePath(def, ['actions', '2']).range.startLine, line(/^- test:/));
    const r = locatePath(def, ['actions[0]', 'deploy', 'tmpfz', 'images', 'kernel', 'url'], 'expected str').range;
    assert.equal(r.startLine, line(/^ {8}url: file:\/\/\/tmp\/real-lava\/images\/vmlinuz/));
    assert.equal(locatePath(def, ['actions[1]', 'boot', 'qemu', 'media']).range.startLine, line(/^ {4}media: tmpfs/));
  });

  it('names the nearest ancestor when the path goes past what exists', () => {
    const r = locatePath(def, ['timeouts', 'actions', 'http-download'], 'required key not provided');
    assert.equal(r.exact, false);
    assert.equal(r.range.startLine, line(/^timeouts:/));
    assert.equal(locatePath(def, ['no_such_key']).range.startLine, line(/^device_type:/), 'top level: the document start');
  });

  it("puts [] on device_type's place for device_type messages, else on the document start", () => {
    assert.equal(locatePath(def, [], '"device_type" should not be used with multinode').range.startLine, line(/^device_type:/));
    const mn = readDefinition(definitionText('valid-multinode'));
    assert.equal(
      locatePath(mn, [], 'When using namespaces, every action should have a namespace').range.startLine,
      3,
      'job_name: the first key',
    );
  });

  it('an action path with an unknown method falls back to that action when no method matches', () => {
    assert.equal(locatePath(def, ['actions', 'boot', 'nothing-like-it']).range.startLine, line(/^- boot:/));
  });

  it('guesses the path of a pathless message from a small part of the schema, or gives up', () => {
    assert.deepEqual(guessPath(def, 'unknown action type'), ['actions', 'deploy', 'tmpfz']);
    assert.equal(guessPath(def, 'something LAVA may say one day'), undefined);
    const p = problemFromMessage(def, 'something LAVA may say one day');
    assert.equal(p.located, 'start');
    assert.equal(p.range.startLine, line(/^device_type:/));
  });
});

describe('lavaPath: the 14 captured invalid definitions × the 3 captured answers', () => {
  it('covers every invalid definition of data/submit/definitions/', () => {
    const files = fs
      .readdirSync(path.join(SUBMIT_DIR, 'definitions'))
      .filter((f) => f.endsWith('.yaml') && !f.startsWith('valid-'))
      .map((f) => f.slice(0, -5))
      .sort();
    assert.deepEqual(INVALID_CASES.map((c) => c.name).sort(), files);
    assert.equal(files.length, 14);
  });

  for (const c of INVALID_CASES) {
    describe(c.name, () => {
      const text = definitionText(c.name);
      const def = readDefinition(text);
      const expected = c.expectedLine(text);

      it('is the definition its comment says', () => {
        assert.equal(text.split('\n')[0], `# INVALID: ${c.invalid}`);
        assert.equal(def.yamlErrors.length, 0);
        assert.equal(def.kind, 'job');
      });

      it(`REST validate → ${c.rest === 'valid' ? 'valid' : `line ${expected + 1}`}`, () => {
        const said = parseRestValidateMessage((JSON.parse(capturedBody(`validate-${c.name}.json`)) as { message: string }).message);
        assert.ok(said);
        if (c.rest === 'valid') return assert.equal(said.valid, true);
        assert.equal(said.valid, false);
        if (said.valid) return;
        const p = problemFromMessage(def, said.message);
        assert.equal(p.located, 'guess');
        assert.equal(p.path, undefined, 'REST names no path');
        assert.equal(p.range.startLine, expected, `${said.message} → line ${p.range.startLine + 1}, expected ${expected + 1}`);
      });

      it(`XML-RPC validate → ${c.rpc === 'valid' ? 'valid' : `line ${expected + 1}`}`, () => {
        const answer = decodeResponse(capturedBody(`rpc-validate-${c.name}.xml`));
        assert.equal(answer.kind, 'value');
        if (answer.kind !== 'value') return;
        const v = answer.value as Record<string, string>;
        if (c.rpc === 'valid') return assert.deepEqual(v, {});
        const p = problemAt(def, { message: v.msg, path: parsePythonList(v.path) });
        assert.equal(p.message, v.msg);
        assert.equal(p.range.startLine, expected, `${v.path} ${v.msg} → line ${p.range.startLine + 1}, expected ${expected + 1}`);
      });

      it(`submit → ${c.submit === 'accepted' ? '201 (accepted)' : `400, line ${expected + 1}`}`, () => {
        const status = Number(/^HTTP\/1\.1 (\d+)/.exec(capturedBody(`submit-${c.name}.headers.txt`))?.[1]);
        const body = JSON.parse(capturedBody(`submit-${c.name}.json`)) as { message: string };
        if (c.submit === 'accepted') return assert.equal(status, 201);
        assert.equal(status, 400);
        const p = problemAt(def, parseSubmitMessage(body.message));
        assert.equal(p.message, body.message, "the server's message is kept");
        assert.equal(p.range.startLine, expected, `${body.message} → line ${p.range.startLine + 1}, expected ${expected + 1}`);
      });
    });
  }
});
