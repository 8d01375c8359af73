// Helper process for crash.test.ts: imports a folder into a library, printing how many files
// are done after each, so the test can kill it part-way with SIGKILL.
import { Library } from '../../main/node/library/library';

const [libraryDir, folder] = process.argv.slice(2) as [string, string];
const lib = Library.open(libraryDir);
const report = await lib.importer.importPaths([folder], { onProgress: ({ done }) => process.stdout.write(`${done}\n`) });
lib.close();
process.stdout.write(`${JSON.stringify({ imported: report.imported.length, skipped: report.skipped.length, failed: report.failed.length })}\n`);
