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

export const CHROMIUM_SWITCHES: readonly ChromiumSwitch[] = [
  // The renderer's growth while a long PDF is read is garbage (the pages let go): a young
  // generation of 1 MB a half instead of up to 8–16 promotes less of it to the old one, which V8
  // collects late. The peak fell ~13 MB, drawing a page cost no more (measured, medians of 3).
  { name: 'js-flags', value: '--max-semi-space-size=1' },
  // The network stack in the main process instead of a utility process of its own (~20 MB less
  // in all). Lectern's Chromium reaches no network: the window loads lectern:// (served by the
  // main process's protocol handler), its CSP allows no other origin, and the main process
  // fetches the web with Node. What is given up: a crash of the network service would end the
  // app instead of being restarted, and on systems that sandbox that service, it runs unsandboxed
  // in the main process, which is unsandboxed already.
  { name: 'enable-features', value: 'NetworkServiceInProcess2' },
];

/** The list as command-line arguments, for a Chromium launched directly (the bench's). */
export const chromiumArgs = (switches: readonly ChromiumSwitch[] = CHROMIUM_SWITCHES): string[] =>
  switches.map((s) => (s.value === undefined ? `--${s.name}` : `--${s.name}=${s.value}`));
