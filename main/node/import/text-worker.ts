/** The text files' worker (text-files.ts): reads and prepares a batch of files off the writer's thread. */
import type { TextFile } from './items';
import { readTextFile } from './text-files';
import { serveJobs } from './worker-pool';

serveJobs((files: TextFile[]) => files.map(readTextFile));
