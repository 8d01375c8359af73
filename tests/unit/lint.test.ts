import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';
import { ROOT } from '../helpers';

/** The process boundaries and the module rules are lint rules; prove that they bite where they should. */
const eslint = new ESLint({ cwd: ROOT });

async function problems(file: string, code: string, rule = 'no-restricted-imports'): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === rule).map((m) => m.message);
}

test('renderer code may not import Node, Electron or main-process modules', async () => {
  assert.equal((await problems('renderer/x.ts', "import fs from 'node:fs';\nexport default fs;\n")).length, 1);
  assert.equal((await problems('renderer/x.ts', "import fs from 'fs';\nexport default fs;\n")).length, 1);
  assert.equal((await problems('renderer/x.ts', "import { app } from 'electron';\nexport default app;\n")).length, 1);
  assert.equal((await problems('renderer/x.ts', "import { Library } from '../main/node/library/library';\nexport default Library;\n")).length, 1);
  assert.deepEqual(await problems('renderer/x.ts', "import { CHANNELS } from '../main/common/contract';\nexport default CHANNELS;\n"), []);
});

test('main/node services may not import Electron; main/common imports nothing process-specific', async () => {
  assert.equal((await problems('main/node/x.ts', "import { app } from 'electron';\nexport default app;\n")).length, 1);
  assert.equal((await problems('main/node/x.ts', "import { registerIpc } from '../electron-main/ipc';\nexport default registerIpc;\n")).length, 1);
  assert.deepEqual(await problems('main/node/x.ts', "import fs from 'node:fs';\nexport default fs;\n"), []);
  assert.equal((await problems('main/common/x.ts', "import path from 'node:path';\nexport default path;\n")).length, 1);
  assert.equal((await problems('main/common/x.ts', "import { Library } from '../node/library/library';\nexport default Library;\n")).length, 1);
  assert.deepEqual(await problems('main/electron-main/x.ts', "import { app } from 'electron';\nexport default app;\n"), []);
});

test('the store imports none of search, import and feeds; they may import the store', async () => {
  const rule = 'import-x/no-restricted-paths';
  assert.equal((await problems('main/node/store/x.ts', "import { rebuildSearchIndex } from '../search/schema';\nexport default rebuildSearchIndex;\n", rule)).length, 1);
  assert.equal((await problems('main/node/store/x.ts', "import { ImportService } from '../import/import-service';\nexport default ImportService;\n", rule)).length, 1);
  assert.equal((await problems('main/node/store/x.ts', "import { FeedService } from '../feeds/feed-service';\nexport default FeedService;\n", rule)).length, 1);
  assert.deepEqual(await problems('main/node/store/x.ts', "import { transaction } from './db';\nexport default transaction;\n", rule), []);
  assert.deepEqual(await problems('main/node/search/x.ts', "import { transaction } from '../store/db';\nexport default transaction;\n", rule), []);
});

test('an import cycle is a lint error', async () => {
  // annotations.ts imports db.ts: were db.ts to import annotations.ts, the two would form a cycle.
  const cycle = await problems('main/node/store/db.ts', "import { AnnotationStore } from './annotations';\nexport default AnnotationStore;\n", 'import-x/no-cycle');
  assert.equal(cycle.length, 1);
  assert.deepEqual(await problems('main/node/store/db.ts', "import { anchor } from '../../common/annotations/anchor';\nexport default anchor;\n", 'import-x/no-cycle'), []);
});

test("hooks follow React's rules: no conditional hook, no missing dependency", async () => {
  const conditional = "import { useState } from 'react';\nexport function C({ on }: { on: boolean }) {\n  if (on) useState(0);\n  return null;\n}\n";
  assert.equal((await problems('renderer/components/X.tsx', conditional, 'react-hooks/rules-of-hooks')).length, 1);
  const missing = "import { useEffect } from 'react';\nexport function C({ id }: { id: number }) {\n  useEffect(() => console.log(id), []);\n  return null;\n}\n";
  assert.equal((await problems('renderer/components/X.tsx', missing, 'react-hooks/exhaustive-deps')).length, 1);
  const complete = "import { useEffect } from 'react';\nexport function C({ id }: { id: number }) {\n  useEffect(() => console.log(id), [id]);\n  return null;\n}\n";
  assert.deepEqual(await problems('renderer/components/X.tsx', complete, 'react-hooks/exhaustive-deps'), []);
});

test('no import cycle anywhere, type-only imports included (madge)', async () => {
  // The lint's no-cycle rule skips type-only imports; a cycle through types still ties two
  // modules together for a reader, so madge walks every import.
  const { default: madge } = await import('madge');
  const graph = await madge(['main', 'renderer', 'preload'].map((d) => path.join(ROOT, d)), {
    baseDir: ROOT,
    fileExtensions: ['ts', 'tsx'],
    tsConfig: path.join(ROOT, 'tsconfig.json'),
    detectiveOptions: { ts: { skipTypeImports: false }, tsx: { skipTypeImports: false } },
  });
  assert.deepEqual(graph.circular(), []);
});
