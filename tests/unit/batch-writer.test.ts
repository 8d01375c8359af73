import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { BatchWriter } from '../../main/node/store/batch-writer';
import { BackgroundCheckpoints } from '../../main/node/store/checkpoints';
import type { Db } from '../../main/node/store/db';
import { tempDir } from '../helpers';

function open() {
  const db = new Database(path.join(tempDir(), 'w.sqlite'));
  db.exec('CREATE TABLE t (n INTEGER NOT NULL, part TEXT NOT NULL)');
  // A bare file, not a library: the writer needs only the handle.
  return db as Db;
}
const count = (db: Database.Database) => (db.prepare('SELECT count(*) AS c FROM t').get() as { c: number }).c;

test('each write is atomic inside the group: one that throws leaves nothing, the rest commit', () => {
  const db = open();
  const writer = new BatchWriter<number>(db, { articles: 200, ms: 60_000 });
  const insert = db.prepare('INSERT INTO t (n, part) VALUES (?, ?)');
  for (let i = 0; i < 5; i++) {
    const write = () => {
      insert.run(i, 'head');
      if (i === 2) throw new Error('half-way');
      insert.run(i, 'tail');
    };
    if (i === 2) assert.throws(() => writer.write(i, write), /half-way/);
    else writer.write(i, write);
  }
  assert.equal(db.inTransaction, true, 'one group, not yet committed');
  assert.equal(writer.flush(), null);
  assert.equal(db.inTransaction, false);
  assert.deepEqual(db.prepare('SELECT n, count(*) AS parts FROM t GROUP BY n').all(), [0, 1, 3, 4].map((n) => ({ n, parts: 2 })));
  db.close();
});

test('the group commits at its size, and a failed commit names the writes it took back', () => {
  const db = open();
  const writer = new BatchWriter<string>(db, { articles: 3, ms: 60_000 });
  const insert = db.prepare('INSERT INTO t (n, part) VALUES (?, ?)');
  for (const [i, key] of ['a', 'b', 'c'].entries()) {
    writer.write(key, () => insert.run(i, key));
    assert.equal(writer.isDue(), i === 2);
    if (writer.isDue()) assert.equal(writer.flush(), null);
    assert.equal(db.inTransaction, i < 2, `after ${key}`);
  }
  assert.equal(count(db), 3);
  // A deferred constraint fails only at COMMIT: the whole group is taken back, and said so.
  db.exec('CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (p INTEGER REFERENCES p(id) DEFERRABLE INITIALLY DEFERRED)');
  db.pragma('foreign_keys = ON');
  writer.write('d', () => insert.run(3, 'd'));
  writer.write('e', () => db.prepare('INSERT INTO c (p) VALUES (42)').run());
  const lost = writer.flush();
  assert.deepEqual(lost?.keys, ['d', 'e']);
  assert.match(String(lost?.error), /FOREIGN KEY/);
  assert.equal(db.inTransaction, false);
  assert.equal(count(db), 3, 'the lost group left nothing');
  db.close();
});

test('checkpoints run in a worker while groups commit: the WAL stays a few groups long, and the writer\'s own come back after', async () => {
  const file = path.join(tempDir(), 'w.sqlite');
  const db = new Database(file) as Db;
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (n INTEGER NOT NULL, part TEXT NOT NULL)');
  const writer = new BatchWriter<number>(db, { articles: 50, ms: 60_000 });
  const checkpoints = new BackgroundCheckpoints(db);
  const insert = db.prepare('INSERT INTO t (n, part) VALUES (?, ?)');
  const part = 'x'.repeat(4000);
  const walBytes = () => fs.statSync(`${file}-wal`).size;
  let largest = 0;
  let background = false;
  for (let group = 0; group < 60; group++) {
    for (let i = 0; i < 50; i++) writer.write(i, () => insert.run(i, part));
    assert.equal(writer.flush(), null);
    checkpoints.committed();
    largest = Math.max(largest, walBytes());
    background ||= db.pragma('wal_autocheckpoint', { simple: true }) === 0;
    // The worker starts at the first commit; the groups wait for nothing else.
    if (group === 0) await new Promise((resolve) => setTimeout(resolve, 300));
  }
  checkpoints.stop();
  assert.ok(background, 'the writer\'s own checkpoints were off while the worker was open');
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000);
  // 60 groups of ~200 KB: without checkpoints the WAL would pass 12 MB.
  const group = 50 * 4100;
  assert.ok(largest < 8 * group, `the WAL reached ${largest} bytes`);
  assert.equal(count(db), 3000);
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  db.close();
});

test('a checkpoint worker that cannot open the file leaves the writer\'s own checkpoints on', async () => {
  const db = new Database(':memory:') as Db;
  const checkpoints = new BackgroundCheckpoints(db);
  checkpoints.committed();
  await new Promise((resolve) => setTimeout(resolve, 500));
  checkpoints.committed();
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000);
  checkpoints.stop();
  db.close();
});
