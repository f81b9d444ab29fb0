// Writes test/fixtures/definitions/mutations/: systematic mutations of the corpus's base job definitions
// (LAVA's own samples under lava/, ours under ours/), for issue 23's differential test (our offline
// verdict against LAVA's scheduler.jobs.validate). Deterministic: a seeded generator picks the bases,
// so running it again writes the same files (and the stored server verdicts stay right).
// Only the bases LAVA accepts are mutated (so each mutation is the one change that matters): their
// verdicts come from verdicts.json, recorded first. `node scripts/definitions-corpus.mjs`, then record
// the server's answers again (`node out/test/tools/recordDefinitionVerdicts.js`, see the folder's README).
//
// Each mutation is one systematic change: a key removed, renamed, mistyped, added; a value out of
// range, mistyped, of the wrong type; a timeout without a unit; a duplicate key; an action timeout over
// the job's… and a few changes that keep the definition valid (so a too-strict offline check shows).
// The documents are edited through `yaml`'s Document API (YAML 1.1, as PyYAML reads them), so comments
// and layout stay; only the mutated node changes.
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join, dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = join(root, 'test', 'fixtures', 'definitions');
/** `--out <dir>`: write there instead (the unit test checks the committed files are what the script writes). */
const outArg = process.argv.indexOf('--out');
const outDir = outArg > 0 ? resolve(process.argv[outArg + 1]) : join(corpus, 'mutations');
const SEED = 23;
/** How many bases each mutation is applied to (fewer when fewer bases fit). */
const PER_KIND = 5;
/** Bases larger than this are not mutated (keeps the corpus small). */
const MAX_BASE_CHARS = 6000;

/** mulberry32: small, seeded, good enough to pick bases. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function yamlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (name.endsWith('.yaml')) out.push(p);
  }
  return out;
}

const parse = (text) => YAML.parseDocument(text, { version: '1.1', uniqueKeys: false });

// ---- helpers over a Document ----
const isMap = YAML.isMap;
const isSeq = YAML.isSeq;
const isScalar = YAML.isScalar;

function actionsOf(doc) {
  const a = doc.get('actions', true);
  return isSeq(a) ? a.items.filter((it) => isMap(it) && it.items.length >= 1) : [];
}
/** [kind, body map] of an action item. */
function kindOf(item) {
  const pair = item.items[0];
  return [isScalar(pair.key) ? String(pair.key.value) : '', pair.value];
}
function actionsOfKind(doc, kind) {
  return actionsOf(doc)
    .map(kindOf)
    .filter(([k, body]) => k === kind && isMap(body))
    .map(([, body]) => body);
}
function pairOf(map, key) {
  return isMap(map) ? map.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
}
function renameKey(map, from, to) {
  const p = pairOf(map, from);
  if (!p) return false;
  p.key = doc0.createNode(to);
  return true;
}
let doc0 = new YAML.Document();
function timeoutSeconds(node) {
  if (!isMap(node)) return undefined;
  const units = { days: 86400, hours: 3600, minutes: 60, seconds: 1 };
  for (const [u, s] of Object.entries(units)) {
    const v = node.get(u);
    if (typeof v === 'number') return v * s;
  }
  return undefined;
}
/** setIn, creating missing mappings as plain block mappings (`setIn` alone writes YAML 1.1's `!!omap`). */
function setPath(doc, path, value) {
  let node = doc.contents;
  for (const key of path.slice(0, -1)) {
    let next = node.get(key, true);
    if (!isMap(next)) {
      next = doc.createNode({});
      node.set(key, next);
    }
    node = next;
  }
  node.set(path[path.length - 1], doc.createNode(value));
  return doc;
}
function isMultinode(doc) {
  return doc.hasIn(['protocols', 'lava-multinode']);
}
/** A one-letter typo: the last letter becomes 'z' (or 'x' when it is a 'z'): `tmpfs` → `tmpfz`. */
function typo(s) {
  const last = s[s.length - 1];
  return s.slice(0, -1) + (last === 'z' ? 'x' : 'z');
}
function pick(arr, r) {
  return arr.length ? arr[Math.floor(r() * arr.length)] : undefined;
}
/** Scalar pairs of a map (key, value) that are not structural for the action's variant. */
function scalarPairs(map, skip = []) {
  return isMap(map) ? map.items.filter((p) => isScalar(p.key) && isScalar(p.value) && !skip.includes(p.key.value)) : [];
}

// ---- the mutations: name → (doc, r, text) => string | undefined (the new text) ----
const STRUCTURAL = ['to', 'method', 'namespace', 'role', 'timeout'];
const M = {
  // a required key removed
  'drop-job_name': (d) => d.delete('job_name') && d,
  'drop-timeouts': (d) => d.delete('timeouts') && d,
  'drop-timeouts-job': (d) => d.hasIn(['timeouts', 'job']) && d.deleteIn(['timeouts', 'job']) && d,
  'drop-visibility': (d) => d.delete('visibility') && d,
  'drop-actions': (d) => d.delete('actions') && d,
  'drop-device_type': (d) => !isMultinode(d) && d.delete('device_type') && d,
  'drop-deploy-to': (d) => {
    const b = actionsOfKind(d, 'deploy')[0];
    return b && b.delete('to') && d;
  },
  'drop-boot-method': (d) => {
    const b = actionsOfKind(d, 'boot')[0];
    return b && b.delete('method') && d;
  },
  // a key of an action removed (any: the server says whether it was required)
  'drop-action-key': (d, r) => {
    const all = actionsOf(d).map(kindOf);
    const [, body] = pick(all, r) ?? [];
    const keys = isMap(body) ? body.items.filter((p) => !STRUCTURAL.includes(p.key?.value)) : [];
    const p = pick(keys, r);
    return p && body.delete(p.key.value) && d;
  },
  // a key renamed / mistyped
  'rename-job_name': (d) => renameKey(d.contents, 'job_name', 'job-name') && d,
  'rename-visibility': (d) => renameKey(d.contents, 'visibility', 'visiblity') && d,
  'rename-timeouts': (d) => renameKey(d.contents, 'timeouts', 'timeout') && d,
  'rename-device_type': (d) => renameKey(d.contents, 'device_type', 'device-type') && d,
  'rename-priority': (d) => renameKey(d.contents, 'priority', 'prio') && d,
  'rename-action-key': (d, r) => {
    const all = actionsOf(d).map(kindOf);
    const [, body] = pick(all, r) ?? [];
    const keys = isMap(body) ? body.items.filter((p) => isScalar(p.key) && p.key.value !== 'timeout') : [];
    const p = pick(keys, r);
    return p && renameKey(body, p.key.value, typo(String(p.key.value))) && d;
  },
  'rename-action-kind': (d, r) => {
    const items = actionsOf(d);
    const it = pick(items, r);
    if (!it) return undefined;
    const [k] = kindOf(it);
    return renameKey(it, k, typo(k)) && d;
  },
  // a key added
  'unknown-top-key': (d) => (d.set('job_description', 'added by a mutation'), d),
  'unknown-action-key': (d, r) => {
    const [, body] = pick(actionsOf(d).map(kindOf), r) ?? [];
    return isMap(body) && (body.set('extra_option', 'yes please'), d);
  },
  'unknown-timeouts-key': (d) => d.hasIn(['timeouts']) && setPath(d, ['timeouts', 'boot'], { minutes: 2 }),
  // a value out of its set / range, mistyped
  'deploy-to-typo': (d) => {
    const b = actionsOfKind(d, 'deploy')[0];
    const to = b?.get('to');
    return typeof to === 'string' && (b.set('to', typo(to)), d);
  },
  'boot-method-typo': (d) => {
    const b = actionsOfKind(d, 'boot')[0];
    const m = b?.get('method');
    return typeof m === 'string' && (b.set('method', typo(m)), d);
  },
  'visibility-typo': (d) => d.has('visibility') && (d.set('visibility', 'publik'), d),
  'priority-typo': (d) => (d.set('priority', 'hihg'), d),
  'priority-over-range': (d) => (d.set('priority', 101), d),
  'priority-negative': (d) => (d.set('priority', -1), d),
  'job_name-empty': (d) => d.has('job_name') && (d.set('job_name', ''), d),
  'job_name-too-long': (d) => d.has('job_name') && (d.set('job_name', 'x'.repeat(201)), d),
  'context-unknown-variable': (d) => setPath(d, ['context', 'not_a_context_variable'], 1),
  'namespace-reserved': (d) => {
    const bodies = actionsOf(d)
      .map(kindOf)
      .map(([, b]) => b)
      .filter(isMap);
    if (!bodies.length) return undefined;
    for (const b of bodies) b.set('namespace', 'common');
    return d;
  },
  'notify-status-typo': (d) => (d.set('notify', { criteria: { status: 'compelte' } }), d),
  'test-definition-from-typo': (d) => {
    for (const b of actionsOfKind(d, 'test')) {
      const defs = b.get('definitions', true);
      const first = isSeq(defs) ? defs.items[0] : undefined;
      if (isMap(first) && typeof first.get('from') === 'string') {
        first.set('from', typo(first.get('from')));
        return d;
      }
    }
    return undefined;
  },
  // a value of the wrong type
  'job_name-int': (d) => d.has('job_name') && (d.set('job_name', 42), d),
  'visibility-list': (d) => d.has('visibility') && (d.set('visibility', ['public']), d),
  'tags-string': (d) => (d.set('tags', 'a-tag'), d),
  'actions-mapping': (d) => {
    const a = actionsOf(d);
    if (!a.length) return undefined;
    d.set('actions', d.createNode(Object.fromEntries(a.map((it) => [kindOf(it)[0], {}]))));
    return d;
  },
  'action-value-wrong-type': (d, r) => {
    const [, body] = pick(actionsOf(d).map(kindOf), r) ?? [];
    const p = pick(scalarPairs(body, STRUCTURAL), r);
    if (!p) return undefined;
    p.value = d.createNode([p.value.value]);
    return d;
  },
  // timeouts
  'timeout-unit-missing': (d) => {
    const t = d.getIn(['timeouts', 'job']);
    const s = timeoutSeconds(t);
    return s !== undefined && setPath(d, ['timeouts', 'job'], Math.max(1, Math.round(s / 60)));
  },
  'action-timeout-unit-missing': (d) => {
    for (const [, b] of actionsOf(d).map(kindOf)) {
      const s = timeoutSeconds(isMap(b) ? b.get('timeout') : undefined);
      if (s !== undefined) {
        b.set('timeout', Math.max(1, Math.round(s / 60)));
        return d;
      }
    }
    return undefined;
  },
  'timeout-unit-typo': (d) => {
    const t = d.getIn(['timeouts', 'job']);
    if (!isMap(t) || !t.items.length) return undefined;
    const k = t.items[0].key.value;
    return renameKey(t, k, k.slice(0, -2) + k.slice(-1)) && d; // minutes → minuts
  },
  'timeout-zero': (d) => {
    const t = d.getIn(['timeouts', 'job']);
    if (!isMap(t) || !t.items.length) return undefined;
    t.items[0].value = d.createNode(0);
    return d;
  },
  'timeout-string': (d) => {
    const t = d.getIn(['timeouts', 'job']);
    if (!isMap(t) || !t.items.length) return undefined;
    t.items[0].value = d.createNode('ten');
    return d;
  },
  'timeout-two-units': (d) => {
    const t = d.getIn(['timeouts', 'job']);
    if (!isMap(t) || !t.items.length) return undefined;
    t.set(t.items[0].key.value === 'seconds' ? 'minutes' : 'seconds', 30);
    return d;
  },
  'action-timeout-over-job': (d, r) => {
    const s = timeoutSeconds(d.getIn(['timeouts', 'job']));
    const [, body] = pick(actionsOf(d).map(kindOf), r) ?? [];
    return s !== undefined && isMap(body) && (body.set('timeout', { minutes: Math.ceil(s / 60) + 5 }), d);
  },
  'global-action-timeout-over-job': (d) => {
    const s = timeoutSeconds(d.getIn(['timeouts', 'job']));
    return s !== undefined && setPath(d, ['timeouts', 'action'], { minutes: Math.ceil(s / 60) + 5 });
  },
  // cross-field rules of LAVA's job schema
  'namespace-partial': (d) => {
    const bodies = actionsOf(d)
      .map(kindOf)
      .map(([, b]) => b)
      .filter(isMap);
    if (bodies.length < 2 || bodies.some((b) => b.has('namespace'))) return undefined;
    bodies[0].set('namespace', 'target');
    return d;
  },
  'multinode-role-missing': (d) => {
    if (!isMultinode(d)) return undefined;
    const b = actionsOf(d)
      .map(kindOf)
      .map(([, x]) => x)
      .find((x) => isMap(x) && x.has('role'));
    return b && b.delete('role') && d;
  },
  'multinode-with-device_type': (d) => isMultinode(d) && (d.set('device_type', 'qemu'), d),
  // duplicate keys (PyYAML keeps the last one): text-level, the YAML Document API cannot write them
  'duplicate-top-key': (d, _r, text) => {
    if (!d.has('job_name')) return undefined;
    const m = /^job_name:.*$/m.exec(text);
    return m ? text.slice(0, m.index) + 'job_name: a duplicate job name\n' + text.slice(m.index) : undefined;
  },
  // changes that keep the definition valid
  'valid-rename-job': (d) => d.has('job_name') && (d.set('job_name', 'renamed by a mutation'), d),
  'valid-priority-low': (d) => (d.set('priority', 'low'), d),
  'valid-priority-number': (d) => (d.set('priority', 50), d),
  'valid-drop-metadata': (d) => d.delete('metadata') && d,
  'valid-add-metadata': (d) => setPath(d, ['metadata', 'mutation'], 'valid-add-metadata'),
  'valid-job-timeout-seconds': (d) => {
    const s = timeoutSeconds(d.getIn(['timeouts', 'job']));
    return s !== undefined && setPath(d, ['timeouts', 'job'], { seconds: s });
  },
  'valid-visibility-personal': (d) => d.has('visibility') && (d.set('visibility', 'personal'), d),
  'valid-drop-priority': (d) => d.delete('priority') && d,
  'valid-add-tags': (d) => !isMultinode(d) && (d.set('tags', ['usb', 'big-ram']), d),
  'valid-context-arch': (d) => !isMultinode(d) && setPath(d, ['context', 'arch'], 'arm64'),
  // edges: values at the border of what LAVA takes, either side (added after the kinds above, so that
  // their seeded picks stay the same)
  'valid-timeout-float': (d) => {
    const t = d.getIn(['timeouts', 'job']);
    if (!isMap(t) || !t.items.length || typeof t.items[0].value?.value !== 'number') return undefined;
    t.items[0].value = d.createNode(t.items[0].value.value + 0.5); // voluptuous' Range takes a float
    return d;
  },
  'valid-priority-zero': (d) => (d.set('priority', 0), d),
  'valid-priority-hundred': (d) => (d.set('priority', 100), d),
  'valid-job_name-200': (d) => d.has('job_name') && (d.set('job_name', 'y'.repeat(200)), d),
  'device_type-empty': (d) => d.has('device_type') && (d.set('device_type', ''), d),
  'valid-visibility-group': (d) => d.has('visibility') && (d.set('visibility', d.createNode({ group: ['lava-team'] })), d),
  'visibility-group-string': (d) => d.has('visibility') && (d.set('visibility', d.createNode({ group: 'lava-team' })), d),
  'valid-context-list': (d) => !isMultinode(d) && setPath(d, ['context', 'extra_options'], ['-smp', 2]),
  'context-float': (d) => !isMultinode(d) && setPath(d, ['context', 'memory'], 1.5),
  'valid-action-timeout-equal-job': (d, r) => {
    const s = timeoutSeconds(d.getIn(['timeouts', 'job']));
    const [, body] = pick(actionsOf(d).map(kindOf), r) ?? [];
    return s !== undefined && isMap(body) && (body.set('timeout', d.createNode({ seconds: s })), d);
  },
  'action-timeout-over-job-by-1s': (d, r) => {
    const s = timeoutSeconds(d.getIn(['timeouts', 'job']));
    const [, body] = pick(actionsOf(d).map(kindOf), r) ?? [];
    return s !== undefined && isMap(body) && (body.set('timeout', d.createNode({ seconds: s + 1 })), d);
  },
  'connection-timeout-over-job': (d) => {
    const s = timeoutSeconds(d.getIn(['timeouts', 'job']));
    return s !== undefined && setPath(d, ['timeouts', 'connection'], { minutes: Math.ceil(s / 60) + 1 });
  },
  'valid-queue-timeout-over-job': (d) => {
    const s = timeoutSeconds(d.getIn(['timeouts', 'job']));
    return s !== undefined && setPath(d, ['timeouts', 'queue'], { minutes: Math.ceil(s / 60) + 60 });
  },
  'valid-named-action-timeout': (d) => d.hasIn(['timeouts', 'job']) && setPath(d, ['timeouts', 'actions', 'http-download'], { seconds: 1 }),
  'named-action-timeout-over-job': (d) => {
    const s = timeoutSeconds(d.getIn(['timeouts', 'job']));
    return s !== undefined && setPath(d, ['timeouts', 'actions', 'http-download'], { minutes: Math.ceil(s / 60) + 5 });
  },
  'repeat-zero': (d, r) => {
    const [, body] = pick(actionsOf(d).map(kindOf), r) ?? [];
    return isMap(body) && (body.set('repeat', 0), d);
  },
  'valid-failure-retry': (d, r) => {
    const [, body] = pick(actionsOf(d).map(kindOf), r) ?? [];
    return isMap(body) && (body.set('failure_retry', 2), d);
  },
  'role-string': (d) => {
    if (!isMultinode(d)) return undefined;
    const b = actionsOf(d)
      .map(kindOf)
      .map(([, x]) => x)
      .find((x) => isMap(x) && isSeq(x.get('role', true)));
    return b && (b.set('role', b.get('role').items[0]?.value ?? 'client'), d);
  },
  'multinode-count-negative': (d) => {
    const roles = d.getIn(['protocols', 'lava-multinode', 'roles']);
    const first = isMap(roles) ? roles.items[0]?.value : undefined;
    return isMap(first) && first.has('count') && (first.set('count', -1), d);
  },
  'secrets-list': (d) => (d.set('secrets', d.createNode(['API_TOKEN'])), d),
  'valid-secrets': (d) => (d.set('secrets', d.createNode({ API_TOKEN: 'a-token-name' })), d),
  'reboot_to_fastboot-string': (d) => (d.set('reboot_to_fastboot', 'true'), d),
  'valid-namespace-all': (d) => {
    const bodies = actionsOf(d)
      .map(kindOf)
      .map(([, b]) => b)
      .filter(isMap);
    if (!bodies.length || bodies.some((b) => b.has('namespace'))) return undefined;
    for (const b of bodies) b.set('namespace', 'target');
    return d;
  },
  'valid-notify-callback': (d) =>
    !d.has('notify') &&
    (d.set(
      'notify',
      d.createNode({
        criteria: { status: 'complete' },
        callbacks: [{ url: 'https://example.com/cb', method: 'POST', dataset: 'results', 'content-type': 'json' }],
      }),
    ),
    d),
  'notify-callback-and-callbacks': (d) =>
    !d.has('notify') &&
    (d.set(
      'notify',
      d.createNode({
        criteria: { status: 'finished' },
        callback: { url: 'https://example.com/one' },
        callbacks: [{ url: 'https://example.com/two' }],
      }),
    ),
    d),
  'valid-tags-empty': (d) => !isMultinode(d) && (d.set('tags', d.createNode([])), d),
  'kernel-type-typo': (d) => {
    for (const b of actionsOfKind(d, 'deploy')) {
      const k = b.get('kernel', true);
      if (isMap(k) && typeof k.get('type') === 'string') {
        k.set('type', typo(k.get('type')));
        return d;
      }
    }
    return undefined;
  },
  'compression-typo': (d) => {
    for (const b of actionsOfKind(d, 'deploy')) {
      for (const p of isMap(b) ? b.items : []) {
        const inner = isMap(p.value) ? [p.value, ...p.value.items.map((q) => q.value)] : [];
        const m = inner.find((x) => isMap(x) && typeof x.get('compression') === 'string');
        if (m) {
          m.set('compression', typo(m.get('compression')));
          return d;
        }
      }
    }
    return undefined;
  },
};

// ---- bases: the definitions LAVA accepts (so that each mutation is the one change that matters) ----
const verdictsPath = join(corpus, 'verdicts.json');
if (!existsSync(verdictsPath)) throw new Error("record the bases' verdicts first (see the README)");
const verdicts = JSON.parse(readFileSync(verdictsPath, 'utf8')).verdicts;
const bases = [];
for (const file of yamlFiles(corpus)) {
  const rel = relative(corpus, file).split('\\').join('/');
  // lava/newer/ came after the mutations: leaving it out keeps the seeded picks (and the stored answers) the same.
  if (rel.startsWith('mutations/') || rel.startsWith('lava/newer/')) continue;
  if (!verdicts[rel]) throw new Error(`no recorded verdict for ${rel}: record the verdicts first`);
  if (!verdicts[rel].valid) continue;
  const text = readFileSync(file, 'utf8');
  if (text.length > MAX_BASE_CHARS) continue;
  const docs = YAML.parseAllDocuments(text, { version: '1.1', uniqueKeys: false });
  if (!Array.isArray(docs) || docs.length !== 1 || docs[0].errors.length) continue;
  if (!isMap(docs[0].contents) || !actionsOf(docs[0]).length) continue;
  bases.push({ rel, text });
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const r = rng(SEED);
let written = 0;
for (const [kind, fn] of Object.entries(M)) {
  // A seeded shuffle of the bases for each kind.
  const order = bases.map((b) => [r(), b]).sort((x, y) => x[0] - y[0]);
  let n = 0;
  for (const [, base] of order) {
    if (n >= PER_KIND) break;
    const d = parse(base.text);
    doc0 = d;
    const res = fn(d, r, base.text);
    if (!res) continue;
    let out = typeof res === 'string' ? res : String(res);
    if (out === base.text) continue;
    const name = `${kind}--${base.rel.replace(/\.yaml$/, '').replace(/\//g, '-')}.yaml`;
    out = `# mutation ${kind} of ${base.rel} (scripts/definitions-corpus.mjs)\n` + out;
    writeFileSync(join(outDir, name), out);
    n++;
    written++;
  }
}
console.log(`${bases.length} bases, ${Object.keys(M).length} mutations, ${written} files in ${relative(root, outDir)}`);
