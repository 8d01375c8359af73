/**
 * `npm run build`: one bundler (Vite) for all three processes.
 *  - renderer → dist/renderer (the page), plus the harness bridge → dist/harness/bridge.js
 *  - main     → dist/main/main.cjs (Node target; npm dependencies stay external)
 *  - preload  → dist/preload/preload.cjs (self-contained: a sandboxed preload can only require electron)
 *  - cli      → dist/cli/lectern.cjs (the `lectern` bin: Node target, like main; runs without tsx)
 *  Beside main.cjs and lectern.cjs: extract-worker.cjs, the HTML extraction pool's worker thread, and text-worker.cjs, the text files' one;
 *  beside main.cjs also books-worker.cjs, search's books thread.
 *  Into dist/renderer/pdfjs/: pdf.js's worker and data folders, which the PDF reader loads from the app.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type InlineConfig, type Plugin } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const r = (...p: string[]) => path.join(root, ...p);
const common: InlineConfig = { configFile: false, logLevel: 'warn', oxc: { jsx: { runtime: 'automatic' } } };

/**
 * The CLI's libraries for parsing pages, feeds, Markdown and archives take about 0.6 s to load
 * together, more than a whole `lectern stats` should take. In the CLI bundle each of them is a
 * stand-in that loads the library on first use, so a command pays only for what it runs.
 */
const LAZY_IN_CLI = ['linkedom', 'feedsmith', 'marked', '@mozilla/readability', 'csv-parse/sync', 'fflate', 'lunr', 'parse5', 'entities/decode'];

function lazyDependencies(names: string[]): Plugin {
  const prefix = '\0lazy:';
  const exportsOf = createRequire(import.meta.url);
  return {
    name: 'lazy-dependencies',
    enforce: 'pre',
    resolveId: (id, importer) => (names.includes(id) && !importer?.startsWith(prefix) ? prefix + id : null),
    load(id) {
      if (!id.startsWith(prefix)) return null;
      const name = JSON.stringify(id.slice(prefix.length));
      const named = Object.keys(exportsOf(id.slice(prefix.length)) as object).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && k !== 'default');
      // A Proxy over a function, forwarding to the real export: calls, `new`, statics and `instanceof` work.
      return `let loaded;
const load = () => (loaded ??= require(${name}));
const lazy = (pick) => new Proxy(function () {}, {
  get: (_, key) => Reflect.get(pick(), key),
  has: (_, key) => Reflect.has(pick(), key),
  apply: (_, self, args) => Reflect.apply(pick(), self, args),
  construct: (_, args) => Reflect.construct(pick(), args),
});
export default lazy(() => load());
${named.map((k) => `export const ${k} = lazy(() => load()[${JSON.stringify(k)}]);`).join('\n')}
`;
    },
  };
}

/**
 * foliate-js's view.js can open many formats, each by a dynamic import; Lectern builds its EPUBs
 * itself (renderer/books/foliate.ts), so the other formats, its search and speech, and its own zip
 * library are left out of the bundle: an import of one would fail rather than load it.
 */
function foliateEpubOnly(): Plugin {
  const unused = new Set(['./vendor/zip.js', './vendor/fflate.js', './comic-book.js', './fb2.js', './mobi.js', './tts.js', './search.js']);
  const stub = '\0foliate-unused';
  return {
    name: 'foliate-epub-only',
    enforce: 'pre',
    resolveId: (id, importer) => (unused.has(id) && importer?.includes('/foliate-js/') ? stub : null),
    load: (id) => (id === stub ? 'throw new Error("not part of Lectern\'s foliate-js");' : null),
  };
}

const targets: Record<string, InlineConfig> = {
  renderer: {
    plugins: [foliateEpubOnly()],
    root: r('renderer'),
    base: './',
    // book.html: the frame an EPUB renders in, under a policy of its own (main/node/security/csp.ts).
    build: {
      outDir: r('dist/renderer'),
      emptyOutDir: true,
      target: 'chrome120',
      assetsInlineLimit: 0,
      rollupOptions: { input: { index: r('renderer/index.html'), book: r('renderer/book.html') } },
    },
  },
  harness: {
    build: {
      outDir: r('dist/harness'),
      emptyOutDir: true,
      lib: { entry: r('renderer/harness-bridge.ts'), formats: ['iife'], name: 'lecternHarness', fileName: () => 'bridge.js' },
    },
  },
  main: {
    // ESM-only dependencies are bundled: main is CommonJS.
    ssr: { noExternal: ['approx-string-match'] },
    build: {
      outDir: r('dist/main'),
      emptyOutDir: true,
      ssr: r('main/electron-main/main.ts'),
      target: 'node20',
      // Chunks (the sync modules, loaded only when a library syncs) sit beside main.cjs.
      rollupOptions: { output: { format: 'cjs', entryFileNames: 'main.cjs', chunkFileNames: '[name].cjs' } },
    },
  },
  cli: {
    plugins: [lazyDependencies(LAZY_IN_CLI)],
    // zod is bundled too: the schemas are built at load, and zod whole takes twice as long to load as the
    // parts the bundle keeps.
    ssr: { noExternal: ['approx-string-match', 'zod'] },
    build: {
      outDir: r('dist/cli'),
      emptyOutDir: true,
      ssr: r('main/node/cli/main.ts'),
      target: 'node20',
      rollupOptions: { output: { format: 'cjs', entryFileNames: 'lectern.cjs', chunkFileNames: '[name].cjs', banner: '#!/usr/bin/env node' } },
    },
  },
  preload: {
    build: {
      outDir: r('dist/preload'),
      emptyOutDir: true,
      target: 'chrome120',
      lib: { entry: r('preload/preload.ts'), formats: ['cjs'], fileName: () => 'preload.cjs' },
      rollupOptions: { external: ['electron'] },
    },
  },
};

/**
 * The worker threads beside the bundles that start them (where `workerBeside` looks): the
 * import's in both, search's books thread in the app's (the CLI searches in its own thread).
 */
const IMPORT_WORKERS = ['import/extract-worker', 'import/text-worker'];
const WORKERS: Record<string, { outDir: string; workers: string[] }> = {
  main: { outDir: r('dist/main'), workers: [...IMPORT_WORKERS, 'search/books-worker'] },
  cli: { outDir: r('dist/cli'), workers: IMPORT_WORKERS },
};
const worker = (outDir: string, source: string): InlineConfig => ({
  build: {
    outDir,
    emptyOutDir: false,
    ssr: r(`main/node/${source}.ts`),
    target: 'node20',
    rollupOptions: { output: { format: 'cjs', entryFileNames: `${path.basename(source)}.cjs` } },
  },
});

/**
 * The PDF reader's worker (as .js: a module worker needs a JavaScript type, which every server
 * of the app gives .js) and the character maps and standard fonts pdf.js fetches on demand.
 */
function copyPdfJs(): void {
  const from = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const to = r('dist/renderer/pdfjs');
  fs.mkdirSync(to, { recursive: true });
  fs.copyFileSync(path.join(from, 'build/pdf.worker.min.mjs'), path.join(to, 'pdf.worker.js'));
  for (const dir of ['cmaps', 'standard_fonts']) fs.cpSync(path.join(from, dir), path.join(to, dir), { recursive: true });
}

const only = process.argv.slice(2);
for (const [name, config] of Object.entries(targets)) {
  if (only.length && !only.includes(name)) continue;
  const started = Date.now();
  await build({ ...common, ...config });
  const beside = WORKERS[name];
  if (beside) for (const source of beside.workers) await build({ ...common, ...worker(beside.outDir, source) });
  if (name === 'renderer') copyPdfJs();
  // npm links a bin as it is: without the executable bit, `./lectern.cjs` and `npx lectern` fail.
  if (name === 'cli') fs.chmodSync(r('dist/cli/lectern.cjs'), 0o755);
  console.log(`built ${name} in ${Date.now() - started} ms`);
}
