/** The thread of search's books part (books-thread.ts): a read-only connection, a query at a time. */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { ArticleStore } from '../store/articles';
import { preparedOnce, type Db } from '../store/db';
import { findBooks } from './books-part';
import type { BooksQuestion, BooksReply, BooksThreadData } from './books-thread';

const { file, nativeBinding, port, shared } = workerData as BooksThreadData;
const db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) }) as Db;
const prepared = preparedOnce(db);
const articles = new ArticleStore(db);
const answers = new Int32Array(shared);

port.on('message', (question: BooksQuestion) => {
  if (question === 'close') {
    db.close();
    port.close();
  } else {
    let reply: BooksReply;
    try {
      reply = { id: question.id, ok: true, books: findBooks(prepared, articles, question.ask) };
    } catch (err) {
      reply = { id: question.id, ok: false, message: (err as Error).message, code: (err as { code?: string }).code };
    }
    port.postMessage(reply);
  }
  Atomics.add(answers, 0, 1);
  Atomics.notify(answers, 0);
});
Atomics.store(answers, 1, 1);
parentPort!.postMessage('open');
