// The dependency rules of docs/architecture (ARCHITECTURE.md §1, §2, §8), checked on the source:
//  - packages/domain imports nothing but zod and itself (pure rules, no I/O, no frameworks);
//  - packages/db imports domain and its drivers, never an app;
//  - nothing imports an app, except `import type` from @crossdock/api in the clients;
//  - the API's modules (apps/api/src/modules/<name>) form no cycle, and no files form one;
//  - in both clients, a feature (src/features/<name>) never imports another feature.
// Violations that exist today and are being removed are listed in dependency-exceptions.json;
// the check fails on any other, and on a listed one that is gone, so that list only shrinks.
// Prints what it found; exits 1 on failure.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx|mts)$/.test(entry) && !entry.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

// `import x from 'y'`, `import type {..} from 'y'`, `export * from 'y'`, `import('y')`.
const IMPORT =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const found = [];
  for (const m of text.matchAll(IMPORT)) {
    const specifier = m[3] ?? m[4];
    found.push({ specifier, typeOnly: Boolean(m[2]) });
  }
  return found;
}

function resolveRelative(from, specifier) {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {}
  }
  return null;
}

const violations = [];
const rel = (p) => relative(root, p);

const files = [
  'packages/domain/src',
  'packages/db/src',
  'apps/api/src',
  'apps/storefront/src',
  'apps/desktop/src',
]
  .map((d) => join(root, d))
  .flatMap(sourceFiles);

const graph = new Map(); // file -> files it imports at runtime (relative)
for (const file of files) {
  const path = rel(file);
  const isTest = /\.test\.tsx?$/.test(path);
  const edges = [];
  for (const { specifier, typeOnly } of importsOf(file)) {
    if (path.startsWith('packages/domain/') && !isTest) {
      if (!specifier.startsWith('.') && specifier !== 'zod') {
        violations.push(`domain imports ${specifier}: ${path}`);
      }
    }
    if (path.startsWith('packages/') && /^@crossdock\/(api|storefront|desktop)/.test(specifier)) {
      violations.push(`a package imports an app (${specifier}): ${path}`);
    }
    if (path.startsWith('apps/storefront/') || path.startsWith('apps/desktop/')) {
      if (
        /^@crossdock\/(storefront|desktop)/.test(specifier) ||
        (specifier.startsWith('@crossdock/api') && !typeOnly)
      ) {
        violations.push(`a client imports an app at runtime (${specifier}): ${path}`);
      }
    }
    if (path.startsWith('apps/api/') && /^@crossdock\/(storefront|desktop)/.test(specifier)) {
      violations.push(`the API imports a client (${specifier}): ${path}`);
    }
    if (specifier.startsWith('.')) {
      const target = resolveRelative(file, specifier);
      if (!target) continue;
      const targetPath = rel(target);
      if (targetPath.split('/')[1] !== path.split('/')[1]) {
        violations.push(`a relative import leaves its package (${specifier}): ${path}`);
      }
      for (const client of ['apps/storefront/src/features/', 'apps/desktop/src/renderer/features/']) {
        if (path.startsWith(client) && targetPath.startsWith(client)) {
          const [a, b] = [path, targetPath].map((p) => p.slice(client.length).split('/')[0]);
          if (a !== b) violations.push(`feature ${a} imports feature ${b}: ${path} -> ${targetPath}`);
        }
      }
      if (!typeOnly) edges.push(targetPath);
    }
  }
  graph.set(path, edges);
}

// Cycles: strongly connected components (Tarjan) of a graph given as Map<node, node[]>.
function cycles(g) {
  let index = 0;
  const stack = [];
  const on = new Set();
  const idx = new Map();
  const low = new Map();
  const found = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of g.keys()) if (!idx.has(v)) visit(v);
  return found;
}

for (const component of cycles(graph)) violations.push(`file cycle: ${component.join(' ')}`);

const MODULES = 'apps/api/src/modules/';
const moduleGraph = new Map();
for (const [file, edges] of graph) {
  if (!file.startsWith(MODULES) || /\.test\.ts$/.test(file)) continue;
  const from = file.slice(MODULES.length).split('/')[0];
  const targets = moduleGraph.get(from) ?? new Set();
  for (const target of edges) {
    if (!target.startsWith(MODULES)) continue;
    const to = target.slice(MODULES.length).split('/')[0];
    if (to !== from) targets.add(to);
  }
  moduleGraph.set(from, targets);
}
for (const component of cycles(new Map([...moduleGraph].map(([k, v]) => [k, [...v]])))) {
  violations.push(`module cycle: ${component.join(' ')}`);
}

const exceptions = JSON.parse(
  readFileSync(join(root, 'scripts/dependency-exceptions.json'), 'utf8'),
).exceptions;
const unexpected = violations.filter((v) => !exceptions.includes(v));
const gone = exceptions.filter((e) => !violations.includes(e));
for (const v of violations) console.log(`${exceptions.includes(v) ? 'known ' : 'NEW   '} ${v}`);
for (const e of gone) console.log(`GONE   ${e} (remove it from scripts/dependency-exceptions.json)`);
console.log(
  `dependency rules: ${files.length} files, ${moduleGraph.size} API modules; ${unexpected.length} new violations, ${exceptions.length - gone.length} known, ${gone.length} fixed but still listed`,
);
process.exit(unexpected.length || gone.length ? 1 : 0);
