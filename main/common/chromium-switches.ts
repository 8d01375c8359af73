/**
 * The switches Chromium starts with, one list for the app and its measures: the Electron main
 * process appends each before `ready` (main/electron-main/main.ts), and the books bench and the
 * PDF memory probe launch their Chromium with the same (tests/bench), so the memory measured is
 * the memory shipped. Figures and what was tried and left out: README, "Books" (memory).
 */
export interface ChromiumSwitch {
  /** Without the leading `--`, as `app.commandLine.appendSwitch` takes it. */
  name: string;
  value?: string;
}

/*
 * Left out after measuring: V8's heap flags for the renderer (a 1 MB young generation took ~9 MB
 * off the reading peak but a 1,000-page PDF's open ~100 ms longer, pdf.js's parse in the worker
 * collecting more often; `--optimize-for-size` trades speed for size in all of V8), and the GPU
 * process in the main process (3 MB less in all, a GPU fault there ending the app).
 */
export const CHROMIUM_SWITCHES: readonly ChromiumSwitch[] = [
  // The network stack in the main process instead of a utility process of its own (11–23 MB less
  // in all at the reading peak, 17 with the list shown). Lectern's Chromium reaches no network: the window loads lectern:// (served by the
  // main process's protocol handler), its CSP allows no other origin, and the main process
  // fetches the web with Node. What is given up: a crash of the network service would end the
  // app instead of being restarted, and on systems that sandbox that service, it runs unsandboxed
  // in the main process, which is unsandboxed already.
  { name: 'enable-features', value: 'NetworkServiceInProcess2' },
];

/** The list as command-line arguments, for a Chromium launched directly (the bench's). */
export const chromiumArgs = (switches: readonly ChromiumSwitch[] = CHROMIUM_SWITCHES): string[] =>
  switches.map((s) => (s.value === undefined ? `--${s.name}` : `--${s.name}=${s.value}`));
