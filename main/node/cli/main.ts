/** Entry point of the `lectern` command (dist/cli/lectern.cjs) and of `npm run cli`. */
import { runCli } from './cli';

void runCli(process.argv.slice(2), {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
}).then((code) => {
  process.exitCode = code;
});
