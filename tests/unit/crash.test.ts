/**
 * kill -9 at random points of a 2,000-article import, 20 times: afterwards the file passes
 * integrity_check, the search index agrees with the articles, no article is partial, and a
 * last run imports exactly what is missing.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { Library } from '../../main/node/library/library';
import { LIBRARY_FILE } from '../../main/node/library/paths';
import { verifySearchIndex } from '../../main/node/search/schema';
import { prng } from '../bench/corpus';
import { ROOT, tempDir } from '../helpers';

const ARTICLES = 2000;
const KILLS = 20;

/** Runs an import of the folder; with `killAt`, kills it once that many files are done. */
function run(libraryDir: string, folder: string, killAt: number | null): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/processes/import-folder.ts'), libraryDir, folder], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const done = Number(out.trimEnd().split('\n').at(-1));
      if (killAt !== null && done >= killAt && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', () => resolve(out));
  });
}

/** The merge options a bulk run sets are in the file (read as it was left, before any open). */
function mergeOptionsLeft(libraryDir: string): boolean {
  const db = new Database(path.join(libraryDir, LIBRARY_FILE), { readonly: true });
  try {
    return (db.prepare("SELECT v FROM search_index_config WHERE k = 'automerge'").get() as { v: number } | undefined)?.v === 64;
  } finally {
    db.close();
  }
}

test(`${KILLS} kills during a ${ARTICLES}-article import lose nothing and corrupt nothing`, async () => {
  const folder = tempDir('lectern-kill-src-');
  const words = 'harbour orchard library ferry granite meadow lantern compass willow quarry'.split(' ');
  for (let i = 0; i < ARTICLES; i++) {
    const body = Array.from({ length: 40 }, (_, k) => words[(i * 7 + k) % words.length]).join(' ');
    fs.writeFileSync(path.join(folder, `a${String(i).padStart(4, '0')}.txt`), `Article ${i} token${i}x\n\n${body}.\n\nIt ends with its number ${i}.\n`);
  }
  const libraryDir = tempDir('lectern-kill-lib-');
  Library.open(libraryDir).close();
  const rand = prng(99);
  const counts: number[] = [];
  let present = 0;
  let bulkLeft = 0;
  for (let k = 0; k < KILLS; k++) {
    // Somewhere in what is still missing, leaving room for the kills to come.
    await run(libraryDir, folder, present + 1 + Math.floor(rand() * ((ARTICLES - present) / 2)));
    bulkLeft += mergeOptionsLeft(libraryDir) ? 1 : 0;
    const lib = Library.open(libraryDir);
    // A run cut short in bulk left FTS5's merge options changed: the open set them back (a run
    // killed in its first group set none: FTS5's own, 4, without a row).
    for (const t of ['search_index', 'search_fields', 'search_words']) {
      assert.equal((lib.db.prepare(`SELECT v FROM ${t}_config WHERE k = 'automerge'`).get() as { v: number } | undefined)?.v ?? 4, 4, t);
    }
    assert.equal(lib.db.pragma('integrity_check', { simple: true }), 'ok');
    assert.equal(lib.repairedIndex, null, 'the index never needed repair');
    assert.deepEqual(verifySearchIndex(lib.db), { ok: true });
    const { articles, bodies } = lib.db.prepare('SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM article_bodies) AS bodies').get() as { articles: number; bodies: number };
    assert.equal(bodies, articles, 'every article has its body');
    // No partial article: each one holds its whole text, from title to last line.
    for (const row of lib.db.prepare('SELECT a.title, b.text FROM articles a JOIN article_bodies b ON b.article_id = a.id').all() as { title: string; text: string }[]) {
      const n = row.title.match(/^Article (\d+) /)![1];
      assert.ok(row.text.endsWith(`It ends with its number ${n}.`), row.title);
    }
    counts.push(articles);
    present = articles;
    lib.close();
  }
  // A run killed past its second group (the second run reaches 600 files) was bulk.
  assert.ok(bulkLeft > 0, 'a kill left bulk options to set back');
  const before = counts.at(-1)!;
  const last = JSON.parse((await run(libraryDir, folder, null)).trimEnd().split('\n').at(-1)!);
  assert.deepEqual(last, { imported: ARTICLES - before, skipped: before, failed: 0 });
  const lib = Library.open(libraryDir);
  assert.equal(lib.articles.counts().articles, ARTICLES);
  assert.equal(lib.search.search('token1999x').results[0]?.title, 'Article 1999 token1999x');
  lib.close();
  console.log(`kill -9 test: ${KILLS} kills survived; articles after each: ${counts.join(', ')}; the last run imported the other ${ARTICLES - before}; ${bulkLeft} kills left bulk options`);
});
