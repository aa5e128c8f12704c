import { defineConfig } from '@playwright/test';

/** Debian's Chromium, never a downloaded browser (platform.md rows 8a–8b). */
export const CHROMIUM_EXECUTABLE = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Browser tests of the BUILT plugin in the Grafana-like host (tests/host). globalSetup starts the real backend
 * (dist/backend/server.js) and the host on free loopback ports, on a snapshot of dist/ and temp state.
 * Run: `npm run test:browser` (= playwright test -c playwright.host.config.ts).
 */
// One output folder per run: helpers on the same machine run this suite concurrently, and Playwright empties its
// outputDir at start. Set once in the runner; workers inherit the variable, so they agree on the folder.
process.env.FORESIGHT_BROWSER_RUN_ID ??= `${Date.now()}-${process.pid}`;

export default defineConfig({
  testDir: './tests/browser',
  testMatch: '**/*.spec.ts',
  globalSetup: './tests/browser/globalSetup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  outputDir: `test-results/browser/${process.env.FORESIGHT_BROWSER_RUN_ID}`,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    colorScheme: 'dark',
    trace: 'retain-on-failure',
    launchOptions: { executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS },
  },
  projects: [{ name: 'host-chromium' }],
});
