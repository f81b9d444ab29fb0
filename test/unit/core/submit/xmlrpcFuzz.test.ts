/**
 * Fuzz (issue 19): the XML-RPC reader (decodeResponse) on seeded mutations of the answers LAVA
 * 2023.01 really sent (test/simulator/data/submit/rpc-*.xml). For each input: the reader returns a
 * value or a fault, or throws its own RpcDecodeError (never a RangeError, a stack overflow or a
 * TypeError); what it returns holds no more than its input; and its work is bounded by a count, not
 * time: the characters it scans with indexOf and copies with slice stay within a small multiple of
 * the input's length (a reader that scans the rest of the text per element would be quadratic).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeResponse, RpcDecodeError, RpcValue } from '../../../../src/core/submit/xmlrpc';
import { DATA_DIR } from '../../../simulator/fixtures';
import { mulberry32 } from '../../../simulator/growingLog';

const SEED = 1919;
const INPUTS = 600;
/** Characters scanned or copied per character of input, at most (the reader looks at each a few times). */
const WORK_PER_CHAR = 40;

const PIECES = [
  '<value>',
  '</value>',
  '<struct>',
  '</struct>',
  '<member><name>__proto__</name><value><string>x</string></value></member>',
  '<member><name>a</name>',
  '<array><data>',
  '</data></array>',
  '<int>',
  '</int>',
  '<string>',
  '<nil/>',
  '<i8>99999999999999999999999</i8>',
  '<double>1e999</double>',
  '&#x7FFFFFFF;',
  '&#0;',
  '&amp;',
  '&lt;!ENTITY',
  '<!--',
  '-->',
  '<?xml version="1.0"?>',
  '\u202e',
  '\ud800',
  '<',
  '>',
  '/',
];

type Rand = () => number;

function mutate(text: string, rand: Rand): string {
  const at = Math.floor(rand() * (text.length + 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  switch (Math.floor(rand() * 5)) {
    case 0:
      return text.slice(0, at) + pick(PIECES) + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1 + Math.floor(rand() * 30));
    case 2: {
      const len = 1 + Math.floor(rand() * 60);
      return text.slice(0, at) + text.slice(at, at + len).repeat(1 + Math.floor(rand() * 2000)) + text.slice(at);
    }
    case 3:
      return text.slice(0, at) + pick(PIECES).repeat(1 + Math.floor(rand() * 3000)) + text.slice(at);
    default:
      return text.slice(0, at);
  }
}

/** Counts the characters String.prototype.indexOf scans and slice copies while `run` runs. */
function countingWork<T>(run: () => T): { result?: T; error?: unknown; work: number } {
  const { indexOf, slice } = String.prototype;
  let work = 0;
  String.prototype.indexOf = function (this: string, search: string, from?: number) {
    const at = indexOf.call(this, search, from);
    work += (at < 0 ? this.length : at) - (from ?? 0);
    return at;
  };
  String.prototype.slice = function (this: string, start?: number, end?: number) {
    const out = slice.call(this, start, end);
    work += out.length;
    return out;
  };
  try {
    return { result: run(), work };
  } catch (error) {
    return { error, work };
  } finally {
    String.prototype.indexOf = indexOf;
    String.prototype.slice = slice;
  }
}

function size(v: RpcValue): number {
  return JSON.stringify(v)?.length ?? 0;
}

describe('fuzz: XML-RPC reader (seeded, bounded by counts)', () => {
  const dir = path.join(DATA_DIR, 'submit');
  const seeds = fs
    .readdirSync(dir)
    .filter((f) => /^rpc-.*\.xml$/.test(f))
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));

  it('has real answers to start from', () => {
    assert.ok(seeds.length >= 5, `${seeds.length} captured XML-RPC answers`);
    for (const s of seeds) assert.doesNotThrow(() => decodeResponse(s));
  });

  it(`decodeResponse: ${INPUTS} mutated answers end in a value, a fault or RpcDecodeError, with bounded work`, () => {
    const rand = mulberry32(SEED);
    let decoded = 0;
    let refused = 0;
    for (let i = 0; i < INPUTS; i++) {
      let xml = seeds[Math.floor(rand() * seeds.length)];
      for (let k = 1 + Math.floor(rand() * 4); k > 0; k--) xml = mutate(xml, rand);
      const { result, error, work } = countingWork(() => decodeResponse(xml));
      const what = `input ${i} (${xml.length} characters: ${JSON.stringify(xml.slice(0, 200))})`;
      if (error !== undefined) {
        assert.ok(error instanceof RpcDecodeError, `${what}: ${String(error)}`);
        refused++;
      } else {
        decoded++;
        const out = result!.kind === 'value' ? size(result!.value) : result!.message.length;
        assert.ok(out <= 6 * xml.length + 100, `${what}: an answer of ${out}`);
      }
      assert.ok(work <= WORK_PER_CHAR * xml.length + 1000, `${what}: ${work} characters of work`);
    }
    // The mutations reach both outcomes (a fuzz that only ever refuses tests nothing).
    assert.ok(decoded > 20 && refused > 20, `${decoded} decoded, ${refused} refused`);
  });

  it('a struct member named __proto__ is a member, not the prototype', () => {
    const xml =
      '<?xml version="1.0"?><methodResponse><params><param><value><struct>' +
      '<member><name>__proto__</name><value><struct><member><name>polluted</name><value><string>yes</string></value></member></struct></value></member>' +
      '</struct></value></param></params></methodResponse>';
    const r = decodeResponse(xml);
    assert.equal(r.kind, 'value');
    const v = (r as { value: Record<string, unknown> }).value;
    assert.equal((v as { polluted?: unknown }).polluted, undefined, 'the member became the prototype');
    assert.ok(Object.prototype.hasOwnProperty.call(v, '__proto__'));
  });
});
