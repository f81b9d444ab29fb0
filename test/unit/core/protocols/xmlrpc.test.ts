// The XML-RPC encoder/decoder of scheduler.jobs.validate, on the answers captured from LAVA 2023.01.
import * as assert from 'node:assert/strict';
import { decodeResponse, encodeCall, MAX_RPC_RESPONSE_CHARS, RpcDecodeError } from '../../../../src/core/protocols/xmlrpc';
import { parseRpcCall } from '../../../simulator/submit';
import { capturedBody } from '../submit/cases';

describe('xmlrpc: encoding a call', () => {
  it('encodes string and boolean parameters, escaping markup', () => {
    const xml = encodeCall('scheduler.jobs.validate', ['job_name: a < b & c > d\n', true]);
    assert.match(xml, /<methodName>scheduler\.jobs\.validate<\/methodName>/);
    assert.match(xml, /<string>job_name: a &lt; b &amp; c &gt; d\n<\/string>/);
    assert.deepEqual(parseRpcCall(xml), { method: 'scheduler.jobs.validate', params: ['job_name: a < b & c > d\n', true] });
  });
});

describe('xmlrpc: decoding answers', () => {
  it('decodes the empty struct of a valid definition and the {path, msg} of an invalid one', () => {
    assert.deepEqual(decodeResponse(capturedBody('rpc-validate-valid-token.xml')), { kind: 'value', value: {} });
    assert.deepEqual(decodeResponse(capturedBody('rpc-validate-unknown-deploy-method.xml')), {
      kind: 'value',
      value: { path: "['actions', 'deploy', 'tmpfz']", msg: 'unknown action type' },
    });
    assert.deepEqual(decodeResponse(capturedBody('rpc-validate-missing-device-type.xml')), {
      kind: 'value',
      value: { path: '[]', msg: '"device_type" or multinode should be defined' },
    });
  });

  it('decodes faults, entities included', () => {
    const f = decodeResponse(capturedBody('rpc-validate-not-yaml.xml'));
    assert.equal(f.kind, 'fault');
    if (f.kind !== 'fault') return;
    assert.equal(f.code, -32603);
    assert.match(
      f.message,
      /^Internal Server Error \(contact server administrator for details\): while parsing a flow sequence\n {2}in "<unicode string>", line 1, column 11/,
    );
    assert.deepEqual(decodeResponse(capturedBody('rpc-unknown-method.xml')), {
      kind: 'fault',
      code: -32601,
      message: "No such method: 'scheduler.jobs.no_such_method'",
    });
  });

  it('decodes a scheduler.jobs.show struct (strings, booleans, nil, nested)', () => {
    const v = decodeResponse(capturedBody('rpc-jobs-show-dotted.xml'));
    assert.equal(v.kind, 'value');
    if (v.kind !== 'value') return;
    const s = v.value as Record<string, unknown>;
    assert.equal(s.id, '12.1');
    assert.equal(s.health_check, false);
    assert.equal(s.pipeline, true);
    const xml = `<?xml version='1.0'?><methodResponse><params><param><value><array><data><value><int>-3</int></value><value>plain &#233;</value><value><nil/></value><value><double>1.5</double></value></data></array></value></param></params></methodResponse>`;
    assert.deepEqual(decodeResponse(xml), { kind: 'value', value: [-3, 'plain é', null, 1.5] });
  });

  it('refuses what is not a methodResponse, too deep, or too large', () => {
    for (const bad of [
      '',
      '<html><body>Sign in</body></html>',
      '<methodResponse><params><param><value><int>x</int></value></param></params></methodResponse>',
      '<methodResponse><params>',
    ]) {
      assert.throws(() => decodeResponse(bad), RpcDecodeError, JSON.stringify(bad));
    }
    const deep = `<methodResponse><params><param>${'<value><array><data>'.repeat(40)}${'</data></array></value>'.repeat(40)}</param></params></methodResponse>`;
    assert.throws(() => decodeResponse(deep), /nested too deeply/);
    assert.throws(() => decodeResponse(' '.repeat(MAX_RPC_RESPONSE_CHARS + 1)), /too large/);
  });
});
