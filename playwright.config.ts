import type { PluginOptions } from '@grafana/plugin-e2e';
import { defineConfig } from '@playwright/test';
import { dirname } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from './playwright.host.config';

/**
 * plugin-e2e specs against a REAL Grafana (tests/e2e), e.g. after `docker compose up`:
 *   GRAFANA_URL=http://localhost:3000 FORESIGHT_E2E_API_KEY=… npx playwright test
 * Without GRAFANA_URL there is no Grafana to test (none can run on our machines): the only test collected is
 * tests/e2e/noGrafana.spec.ts, skipped with the reason, so `npx playwright test` reports "1 skipped" and exits 0.
 * The host-based browser tests are in playwright.host.config.ts (npm run test:browser).
 */
const grafanaUrl = process.env.GRAFANA_URL;
const pluginE2eAuth = `${dirname(require.resolve('@grafana/plugin-e2e'))}/auth`;

export default defineConfig<PluginOptions>({
  testDir: './tests/e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  outputDir: 'test-results/e2e',
  use: {
    baseURL: grafanaUrl,
    trace: 'retain-on-failure',
    launchOptions: { executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS },
  },
  projects: grafanaUrl
    ? [
        // 1. Log in to Grafana (admin/admin unless GRAFANA_ADMIN_USER/PASSWORD) and store the cookie.
        { name: 'auth', testDir: pluginE2eAuth, testMatch: [/.*\.js/] },
        // 2. The specs, authenticated as admin, in Debian's Chromium.
        {
          name: 'chromium',
          testIgnore: /noGrafana\.spec\.ts/,
          use: { browserName: 'chromium', storageState: 'playwright/.auth/admin.json' },
          dependencies: ['auth'],
        },
      ]
    : [{ name: 'no-grafana', testMatch: /noGrafana\.spec\.ts/ }],
});
