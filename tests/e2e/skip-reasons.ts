/**
 * A Playwright reporter beside `list`: every skipped spec printed with the reason its `test.skip`
 * gives (the list reporter shows a skipped title only). Specs skip in the Electron project only,
 * where the harness stands in for something one Electron app cannot do.
 */
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SkipReasons implements Reporter {
  private readonly skipped: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const why = [...result.annotations, ...test.annotations].find((a) => a.type === 'skip')?.description ?? 'no reason given';
    this.skipped.push(`[e2e] skipped: ${test.titlePath().filter(Boolean).join(' › ')} — ${why}`);
  }

  onEnd(): void {
    for (const line of this.skipped) console.log(line);
  }

  printsToStdio(): boolean {
    return true;
  }
}
