import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium; no tool may download its own browser here. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Chromium's flags for the live-session tests: fake camera and microphone, no prompts. */
export const chromiumArgs: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

/**
 * Headless Chromium with fake camera and microphone, as the live-session tests need; `args` adds
 * flags (a file for the fake microphone, say), `executablePath` runs it through a wrapper (the
 * fault tests' cgroup launcher).
 */
export function launchBrowser(
  options: { args?: readonly string[]; executablePath?: string } = {},
): Promise<Browser> {
  return chromium.launch({
    executablePath: options.executablePath ?? chromiumPath,
    headless: true,
    args: [...chromiumArgs, ...(options.args ?? [])],
  });
}
