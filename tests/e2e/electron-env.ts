/**
 * The environment of every Electron launch in the tests: the Electron build of better-sqlite3
 * (made once by global-setup) and a userData folder of the test's own, so tests never share a
 * single-instance lock or touch the developer's real profile. The app honours
 * LECTERN_USER_DATA only when it is not packaged.
 */
export function electronEnv(userDataDir: string): Record<string, string> {
  const binding = process.env.LECTERN_SQLITE_BINDING;
  if (!binding) throw new Error('LECTERN_SQLITE_BINDING is unset: global-setup builds it when Electron is installed');
  return { ...(process.env as Record<string, string>), LECTERN_SQLITE_BINDING: binding, LECTERN_USER_DATA: userDataDir };
}
