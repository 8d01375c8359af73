/**
 * `npm run build`: one bundler (Vite) for all three processes.
 *  - renderer → dist/renderer (the page), plus the harness bridge → dist/harness/bridge.js
 *  - main     → dist/main/main.cjs (Node target; npm dependencies stay external), and beside it
 *               dist/main/extract-worker.cjs, the HTML extraction pool's worker thread
 *  - preload  → dist/preload/preload.cjs (self-contained: a sandboxed preload can only require electron)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type InlineConfig } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const r = (...p: string[]) => path.join(root, ...p);
const common: InlineConfig = { configFile: false, logLevel: 'warn', oxc: { jsx: { runtime: 'automatic' } } };

const targets: Record<string, InlineConfig> = {
  renderer: {
    root: r('renderer'),
    base: './',
    build: { outDir: r('dist/renderer'), emptyOutDir: true, target: 'chrome120', assetsInlineLimit: 0 },
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
      rollupOptions: { output: { format: 'cjs', entryFileNames: 'main.cjs' } },
    },
  },
  // After main, into the folder main just emptied: the pool looks for its worker beside main.cjs.
  'extract-worker': {
    build: {
      outDir: r('dist/main'),
      emptyOutDir: false,
      ssr: r('main/node/import/extract-worker.ts'),
      target: 'node20',
      rollupOptions: { output: { format: 'cjs', entryFileNames: 'extract-worker.cjs' } },
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

const only = process.argv.slice(2);
for (const [name, config] of Object.entries(targets)) {
  if (only.length && !only.includes(name)) continue;
  const started = Date.now();
  await build({ ...common, ...config });
  console.log(`built ${name} in ${Date.now() - started} ms`);
}
