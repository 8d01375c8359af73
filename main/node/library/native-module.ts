/**
 * better-sqlite3 loads its compiled binary inside `new Database()`, so a missing binary or one
 * built for another runtime fails exactly where a damaged library would. Such a failure says
 * nothing about the library file, and nothing done to that file can fix it.
 */

/** Whether `err` is the SQLite engine's binary failing to load, rather than the library failing to open. */
export function isNativeModuleFailure(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const { code } = err as NodeJS.ErrnoException;
  if (code === 'ERR_DLOPEN_FAILED' || /NODE_MODULE_VERSION/.test(err.message)) return true;
  // `bindings` found no better_sqlite3.node; or a nativeBinding path that does not exist.
  if (err.message.startsWith('Could not locate the bindings file')) return true;
  return code === 'MODULE_NOT_FOUND' && /\.node'/.test(err.message);
}

/** What the user is told: what broke, that the library is untouched, and how to repair it. */
export function nativeModuleAdvice(err: Error): { message: string; detail: string } {
  return {
    message: 'Lectern’s database engine could not be loaded.',
    detail:
      `${err.message}\n\n` +
      'This is a problem with the installed program, not with your library: your library was not opened and has not been changed.\n\n' +
      'To fix it, reinstall Lectern from the latest release. Running from source, start it with `npm start`, which builds the ' +
      'engine for Electron into .electron-native/ (delete that folder to rebuild it); after a Node upgrade, run `npm rebuild better-sqlite3`.',
  };
}
