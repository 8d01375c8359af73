/**
 * automerge-repo's storage inside the library file: one row of sync_chunks per key, so one file
 * still holds everything and backup, restore and check cover the sync state too. Each call is
 * one statement (one transaction): a kill leaves every chunk either written whole or not at all,
 * and automerge-repo only deletes the chunks a compaction replaced after writing the snapshot.
 */
import type { Chunk, StorageAdapterInterface, StorageKey } from '@automerge/automerge-repo';
import { transaction, type Db } from '../store/db';

/** Key parts are document ids (base58), words and hex hashes: none holds a '/'. */
const SEPARATOR = '/';
/** The character after the separator: `[prefix/, prefix0)` is every key under prefix. */
const AFTER_SEPARATOR = String.fromCharCode(SEPARATOR.charCodeAt(0) + 1);

function join(key: StorageKey): string {
  if (key.some((part) => part.includes(SEPARATOR) || part === '')) throw new Error(`storage key part cannot be empty or hold "${SEPARATOR}": ${key.join(',')}`);
  return key.join(SEPARATOR);
}

export class SqliteStorageAdapter implements StorageAdapterInterface {
  constructor(private readonly db: Db) {}

  async load(key: StorageKey): Promise<Uint8Array | undefined> {
    const row = this.db.prepare('SELECT data FROM sync_chunks WHERE key = ?').get(join(key)) as { data: Buffer } | undefined;
    return row ? new Uint8Array(row.data) : undefined;
  }

  async save(key: StorageKey, data: Uint8Array): Promise<void> {
    // automerge-repo saves on throttled timers (peers' sync states, a document's compaction) that
    // can outlive Repo.shutdown(), which has already flushed every document: such a late save is
    // dropped once the library closed, and so is the removal of the chunks it would have replaced.
    if (!this.db.open) return;
    this.db.prepare('INSERT INTO sync_chunks (key, data) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET data = excluded.data').run(join(key), Buffer.from(data));
  }

  async remove(key: StorageKey): Promise<void> {
    if (!this.db.open) return;
    this.db.prepare('DELETE FROM sync_chunks WHERE key = ?').run(join(key));
  }

  async loadRange(prefix: StorageKey): Promise<Chunk[]> {
    const rows = this.range('SELECT key, data', prefix).all() as { key: string; data: Buffer }[];
    return rows.map((r) => ({ key: r.key.split(SEPARATOR), data: new Uint8Array(r.data) }));
  }

  async removeRange(prefix: StorageKey): Promise<void> {
    if (!this.db.open) return;
    transaction(this.db, () => this.range('DELETE', prefix).run());
  }

  /** Every key equal to the prefix or under it; an empty prefix is every key. */
  private range(verb: string, prefix: StorageKey) {
    if (prefix.length === 0) {
      const all = this.db.prepare(`${verb} FROM sync_chunks`);
      return { all: () => all.all(), run: () => all.run() };
    }
    const p = join(prefix);
    const statement = this.db.prepare(`${verb} FROM sync_chunks WHERE key = @p OR (key >= @from AND key < @to)`);
    const params = { p, from: p + SEPARATOR, to: p + AFTER_SEPARATOR };
    return { all: () => statement.all(params), run: () => statement.run(params) };
  }
}
