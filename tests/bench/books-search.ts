/**
 * Search with books in the library, without the books bench's PDFs opened in Chromium (minutes):
 *
 *   npx tsx tests/bench/books-search.ts [--corpus DIR] [--size 10000] [--keep DIR] [--rounds 6] [--base DIR]
 *
 * The libraries of the bench's search row (tests/bench/books.ts: N articles, a copy with 100
 * books), built in a temporary folder, or once in `--keep DIR` and reused. Prints the bench's
 * row (this tree's search with its books part in a thread of its own, as the app's), then, in
 * the library with books, each query best of `--rounds` with the books part off and on in turn
 * (off: `Ranker.books` finds no book in its text, so none is read), by query kind, in the
 * calling thread.
 * `--base DIR`: an older tree of the code, made with `git archive <commit> main | tar -x -C DIR`
 * (DIR inside the repository, so that its imports resolve), measured the same way in turn with
 * this one, on the same libraries.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Library } from '../../main/node/library/library';
import { Ranker } from '../../main/node/search/ranker';
import { buildLibraries, inTurn, percentile, type SearchP95, type Searcher } from './books';
import { makeArticles, makeQueries, sentences, type BenchQuery } from './corpus';

/** A tree of the code: its search over a library, and a switch for its books part. */
interface Code {
  name: string;
  service: (lib: Library) => Searcher;
  /** Off: `Ranker.books` finds no book in its text, so nothing is read for one. */
  books(on: boolean): void;
}

function code(name: string, service: Code['service'], ranker: { prototype: { books: unknown } }): Code {
  const books = ranker.prototype.books;
  return { name, service, books: (on) => void (ranker.prototype.books = on ? books : () => []) };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string, fallback?: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
  const corpora = path.resolve(opt('--corpus', path.join(process.cwd(), '..', 'shared', 'corpora'))!);
  const n = Number(opt('--size', '10000'));
  const rounds = Number(opt('--rounds', '6'));
  const keep = opt('--keep');
  const base = opt('--base');
  const pool = sentences(corpora);
  const f = (x: number, d = 2) => x.toFixed(d);
  const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' / ');
  const root = keep ? path.resolve(keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-bench-search-'));
  fs.mkdirSync(root, { recursive: true });
  const dirs = await buildLibraries(pool, n, root);
  const queries = makeQueries(makeArticles(pool, n));
  const codes = [code('this', (l) => l.search, Ranker)];
  if (base) {
    const from = (file: string) => import(pathToFileURL(path.resolve(base, 'main/node/search', file)).href);
    const { SearchService } = (await from('search-service.ts')) as { SearchService: new (...a: unknown[]) => Searcher };
    codes.unshift(code('base', (l) => new SearchService(l.db, l.articles, () => {}), ((await from('ranker.ts')) as { Ranker: typeof Ranker }).Ranker));
  }
  const without = Library.open(dirs.without);
  const lib = Library.open(dirs.with);
  try {
    console.log(`${n.toLocaleString('en')} articles, and ${dirs.books} books; load ${load()}`);
    // As the app opens a library: the books part in a thread of its own (this tree's search only).
    const threads = await Promise.all([without, lib].map((l) => l.search.inParallel()));
    if (threads.includes(false)) throw new Error("search's books thread did not start");
    const p95 = (x: SearchP95) => `${f(x.wall)} ms (CPU ${f(x.cpu)})`;
    // The bench's row, each tree in turn, the first last again: base, this, this, base.
    for (const c of [...codes, ...[...codes].reverse()]) {
      const [w, b] = inTurn(c.service(without), c.service(lib), queries);
      console.log(`${c.name}: the bench's row, p95 ${p95(w)} without books, ${p95(b)} with (${f(b.wall - w.wall)} ms, CPU ${f(b.cpu - w.cpu)}); load ${load()}`);
    }

    // In the library with books, each query best of `rounds`, each tree with its books part off and on, in turn:
    // in the calling thread, where the switch reaches it.
    for (const l of [without, lib]) l.search.close();
    const variants = codes.flatMap((c) => [false, true].map((on) => ({ c, on, searcher: c.service(lib), label: `${c.name} ${on ? 'on' : 'off'}`, best: new Map<BenchQuery, number>() })));
    for (let r = 0; r < rounds; r++) {
      for (const q of queries) {
        for (const v of r % 2 ? [...variants].reverse() : variants) {
          v.c.books(v.on);
          const t = performance.now();
          v.searcher.search(q.lectern, { limit: 20 });
          v.best.set(q, Math.min(v.best.get(q) ?? Infinity, performance.now() - t));
        }
      }
    }
    for (const c of codes) c.books(true);
    console.log(`\nIn the library with books, each query best of ${rounds}, the books part off and on (ms; load ${load()}):`);
    console.log(`| query kind | ${variants.map((v) => v.label).join(' | ')} |\n|---|${variants.map(() => '---:').join('|')}|`);
    for (const kind of [...new Set(queries.map((q) => q.kind))]) {
      const qs = queries.filter((q) => q.kind === kind);
      console.log(`| ${kind} (sum of ${qs.length}) | ${variants.map((v) => f(qs.reduce((s, q) => s + v.best.get(q)!, 0), 1)).join(' | ')} |`);
    }
    console.log(`| all (sum of ${queries.length}) | ${variants.map((v) => f([...v.best.values()].reduce((a, b) => a + b, 0), 1)).join(' | ')} |`);
    console.log(`| p95 | ${variants.map((v) => f(percentile([...v.best.values()], 95))).join(' | ')} |`);
  } finally {
    without.close();
    lib.close();
    if (!keep) fs.rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
