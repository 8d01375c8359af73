// Helper process for the crash test in search.test.ts: imports articles, each in its own
// transaction, printing a line after each commit, until it is killed.
import { Library } from '../../main/node/library/library';

const lib = Library.open(process.argv[2]!);
const words = ['amber', 'basalt', 'cobalt', 'dune', 'ember', 'fjord', 'glacier', 'heath'];
for (let i = 0; ; i++) {
  const unique = `zq${i.toString(36)}x${words[i % words.length]}`;
  const text = `Entry ${i} about the ${words[i % words.length]} coast.\n\n` + 'Long quiet paragraph of ordinary words. '.repeat(200);
  await lib.importer.importItems([{ name: `n${i}.txt`, bytes: Buffer.from(`Note ${i} ${unique}\n\n${text}`) }]);
  process.stdout.write(`${i}\n`);
}
