/** Entry point of `npm run cli`. */
import { runCli } from './cli';

process.exitCode = await runCli(process.argv.slice(2), {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
});
