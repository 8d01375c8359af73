/**
 * Files opened with Lectern ("Open with", a second launch, File → Import's native dialog) are
 * imported by path, in the main process. A locked PDF among them is remembered (the report
 * names it by its path), so that the window can give its password: `unlock` imports only a
 * file this process was asked to open, never a path the window makes up.
 */
import fs from 'node:fs';
import type { EventMap, EventName, ImportReport } from '../../common/contract';
import { LecternError } from '../../common/errors';
import type { Runs } from '../ipc/runs';
import type { LibrarySession } from './session';

export class OpenedFiles {
  /** The locked PDFs of the last opened import (only its report is on screen); not one inside an archive. */
  private locked = new Set<string>();

  constructor(
    private readonly session: LibrarySession,
    private readonly runs: Runs,
    private readonly emit: <E extends EventName>(event: E, payload: EventMap[E]) => void,
  ) {}

  /** Imports `paths`, with progress, and tells the window the report. */
  async open(paths: string[]): Promise<void> {
    if (paths.length === 0) return;
    const report = await this.runs.start('importProgress', (signal, onProgress) => this.session.library.importer.importPaths(paths, { signal, onProgress }));
    this.locked = new Set(report.failed.filter((f) => f.password && fs.statSync(f.item, { throwIfNoEntry: false })?.isFile()).map((f) => f.item));
    this.emit('importFinished', report);
  }

  /** Imports a locked PDF of the last opened import again, with `password` (used for this call only). */
  async unlock(item: string, password: string): Promise<ImportReport> {
    if (!this.locked.has(item)) throw new LecternError('NOT_FOUND', `${item} is not a locked PDF of the last files opened with Lectern.`);
    const report = await this.runs.start('importProgress', (signal, onProgress) => this.session.library.importer.importPaths([item], { signal, onProgress, password }));
    if (!report.failed.some((f) => f.password === 'wrong')) this.locked.delete(item);
    return report;
  }
}
