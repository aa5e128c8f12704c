import { AppConfigPage, AppPage, test as base } from '@grafana/plugin-e2e';
import pluginJson from '../../src/plugin.json';

/**
 * plugin-e2e fixtures for a REAL Grafana (GRAFANA_URL, e.g. `docker compose up`). Without a Grafana these specs are
 * not collected at all (playwright.config.ts); the host tests in tests/browser cover the same pages.
 */
type AppTestFixture = {
  appConfigPage: AppConfigPage;
  gotoPage: (path?: string) => Promise<AppPage>;
};

export const test = base.extend<AppTestFixture>({
  appConfigPage: async ({ gotoAppConfigPage }, use) => {
    const configPage = await gotoAppConfigPage({ pluginId: pluginJson.id });
    await use(configPage);
  },
  gotoPage: async ({ gotoAppPage }, use) => {
    await use((path) => gotoAppPage({ path, pluginId: pluginJson.id }));
  },
});

export { expect } from '@grafana/plugin-e2e';

/** Where the Grafana server reaches the backend (docker-compose service name by default) and its key. */
export const e2eBackend = {
  url: process.env.FORESIGHT_E2E_BACKEND_URL ?? 'http://backend:8070',
  apiKey: process.env.FORESIGHT_E2E_API_KEY,
};
