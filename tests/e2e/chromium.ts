/**
 * Which Chromium the harness specs drive: LECTERN_CHROMIUM when set; Debian's chromium on Linux
 * (this workplace and its CI, where Playwright cannot download browsers); elsewhere Playwright's
 * own (`npx playwright install chromium`), so no path is assumed on Windows or macOS.
 */
export function chromiumLaunch(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): { executablePath?: string } {
  if (env.LECTERN_CHROMIUM) return { executablePath: env.LECTERN_CHROMIUM };
  if (platform === 'linux') return { executablePath: '/usr/bin/chromium' };
  return {};
}
