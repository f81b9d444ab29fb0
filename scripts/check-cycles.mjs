// Checks the shape of src/ (part of `npm run lint`): no import cycle between files, no import cycle
// between folders (src/core/<folder>, src/vscode/<folder>, and each layer's root files as one more
// folder), and no two files in src/ with the same base name. Imports are read with the TypeScript
// compiler's own scanner (`import`, `export … from`, `import type`, `import()` and `require()`), so a
// type-only import counts too: a reader follows it the same way.
// `node scripts/check-cycles.mjs` prints every problem and exits 1 if there is one.
//
// PENDING: cycles tolerated while another branch breaks them (none today): a file cycle by the exact
// line this script prints for it, or VSCODE_FOLDERS for any folder cycle among src/vscode's folders.
// Once one is gone the script says so: delete its line here.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, dirname, relative, resolve, basename, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const PENDING = [];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'src');

function listTs(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTs(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out.sort();
}

const rel = (path) => relative(root, path).split(sep).join('/');

/** The file a relative specifier names, or undefined for a package or a file outside src/. */
function resolveSpecifier(from, spec) {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec.replace(/\.js$/, ''));
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The folder a file belongs to for the folder graph: `src/core/log`, or `src/core` for core's root files. */
function folderOf(file) {
  const parts = rel(file).split('/'); // src, core|vscode, folder?, …
  if (parts.length <= 3) return parts.slice(0, parts.length - 1).join('/');
  return parts.slice(0, 3).join('/');
}

/** Every elementary cycle is too many to list; one cycle per strongly connected component, plus its members. */
function stronglyConnected(nodes, edges) {
  let index = 0;
  const stack = [];
  const info = new Map();
  const components = [];
  const visit = (v) => {
    info.set(v, { index, low: index, onStack: true });
    index++;
    stack.push(v);
    for (const w of edges.get(v) ?? []) {
      if (!info.has(w)) {
        visit(w);
        info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
      } else if (info.get(w).onStack) {
        info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
      }
    }
    if (info.get(v).low === info.get(v).index) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        info.get(w).onStack = false;
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (edges.get(v) ?? new Set()).has(v)) components.push(component.sort());
    }
  };
  for (const v of nodes) if (!info.has(v)) visit(v);
  return components;
}

/** The shortest cycle through `start` inside its component, as a path start → … → start. */
function shortestCycle(start, members, edges) {
  const inside = new Set(members);
  const previous = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift();
    for (const w of edges.get(v) ?? []) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = previous.get(u)) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

const files = listTs(srcDir);
const fileEdges = new Map();
const folderEdges = new Map();
const folderWhy = new Map(); // "a -> b" → one file import that makes it
for (const file of files) {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const targets = new Set();
  for (const { fileName } of importedFiles) {
    const target = resolveSpecifier(file, fileName);
    if (target !== undefined && target !== file) targets.add(target);
  }
  fileEdges.set(file, targets);
  for (const target of targets) {
    const [a, b] = [folderOf(file), folderOf(target)];
    if (a === b) continue;
    if (!folderEdges.has(a)) folderEdges.set(a, new Set());
    folderEdges.get(a).add(b);
    if (!folderWhy.has(`${a} -> ${b}`)) folderWhy.set(`${a} -> ${b}`, `${rel(file)} imports ${rel(target)}`);
  }
}

const problems = [];
for (const component of stronglyConnected(files, fileEdges)) {
  const cycle = shortestCycle(component[0], component, fileEdges).map(rel);
  problems.push(
    `file cycle among ${component.length} files: ${cycle.join(' -> ')}` +
      (component.length > cycle.length - 1 ? `\n    (all of: ${component.map(rel).join(', ')})` : ''),
  );
}
const folders = [...new Set(files.map(folderOf))].sort();
const pendingFolderCycles = [];
for (const component of stronglyConnected(folders, folderEdges)) {
  const cycle = shortestCycle(component[0], component, folderEdges);
  const why = cycle.slice(1).map((b, i) => `      ${folderWhy.get(`${cycle[i]} -> ${b}`)}`);
  const all = component.length > cycle.length - 1 ? `\n    (all of: ${component.join(', ')})` : '';
  problems.push(`folder cycle: ${cycle.join(' -> ')}\n${why.join('\n')}${all}`);
  if (component.every((folder) => folder === 'src/vscode' || folder.startsWith('src/vscode/'))) {
    pendingFolderCycles.push(problems[problems.length - 1]);
  }
}
const byName = new Map();
for (const file of files) {
  const name = basename(file);
  byName.set(name, [...(byName.get(name) ?? []), rel(file)]);
}
for (const [name, paths] of byName) {
  if (paths.length > 1) problems.push(`${paths.length} files named ${name}: ${paths.join(', ')}`);
}

const VSCODE_FOLDERS = 'folder cycle among src/vscode, src/vscode/commands, src/vscode/views';
const pending = (problem) =>
  PENDING.includes(problem.split('\n')[0]) || (PENDING.includes(VSCODE_FOLDERS) && pendingFolderCycles.includes(problem));
for (const line of PENDING) {
  const gone = line === VSCODE_FOLDERS ? pendingFolderCycles.length === 0 : !problems.some((problem) => problem.split('\n')[0] === line);
  if (gone) {
    console.log(`check-cycles: gone, delete it from PENDING in scripts/check-cycles.mjs: ${line}`);
  }
}
const failing = problems.filter((problem) => !pending(problem));
if (failing.length > 0) {
  console.error(`check-cycles: ${failing.length} problem(s) in src/:`);
  for (const problem of failing) console.error(`  ${problem}`);
  process.exit(1);
}
console.log(
  problems.length > 0
    ? `check-cycles: ${files.length} files in src/, no import cycle but the ${problems.length} PENDING, no shared base name.`
    : `check-cycles: ${files.length} files in src/, no import cycle, no shared base name.`,
);
