import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';
import { ROOT } from '../helpers';

/** The process boundaries are a lint rule; prove that it bites where it should. */
const eslint = new ESLint({ cwd: ROOT });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
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
