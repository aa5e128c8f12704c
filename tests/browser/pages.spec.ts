import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testIds } from '../../src/components/testIds';
import { distPluginJson, env, expect, openHostPage, setAppSettings, test } from './fixtures';

const plugin = distPluginJson();
const appPages = plugin.includes.filter(
  (include) => include.type === 'page' && include.path?.startsWith(`/a/${plugin.id}/`)
);

/** 'log-patterns' → testIds.pages.logPatterns */
function pageTestId(path: string): string {
  const slug = path.slice(`/a/${plugin.id}/`.length);
  const key = slug.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase()) as keyof typeof testIds.pages;
  const id = testIds.pages[key];
  if (!id) {
    throw new Error(`page ${path} has no entry "${key}" in testIds.pages (src/components/testIds.ts)`);
  }
  return id;
}

test.describe('every page of the built plugin renders in the host', () => {
  test.beforeEach(async ({ request }) => {
    await setAppSettings(request, plugin.id, { enabled: true, backendUrl: env.backendUrl, apiKey: env.apiKey });
  });

  test('plugin.json declares the app pages', () => {
    expect(appPages.map((page) => page.path)).toEqual(
      expect.arrayContaining([
        `/a/${plugin.id}/incidents`,
        `/a/${plugin.id}/rca`,
        `/a/${plugin.id}/slos`,
        `/a/${plugin.id}/executive`,
        `/a/${plugin.id}/log-patterns`,
      ])
    );
  });

  for (const appPage of appPages) {
    test(`${appPage.name} (${appPage.path}) renders without console errors`, async ({ page, consoleErrors }) => {
      await openHostPage(page, appPage.path!);
      await expect(page.getByTestId(pageTestId(appPage.path!))).toBeVisible();
      await expect(page.getByRole('heading', { level: 1, name: appPage.name })).toBeVisible();
      expect(consoleErrors.list).toEqual([]);
    });
  }

  test('the app root redirects to the default page', async ({ page, consoleErrors }) => {
    await openHostPage(page, `/a/${plugin.id}`);
    await expect(page).toHaveURL(new RegExp(`/a/${plugin.id}/incidents$`));
    await expect(page.getByTestId(testIds.pages.incidents)).toBeVisible();
    expect(consoleErrors.list).toEqual([]);
  });

  test('the nav menu moves between pages without a reload', async ({ page, consoleErrors }) => {
    await openHostPage(page, `/a/${plugin.id}/incidents`);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await page.getByRole('navigation', { name: 'App navigation' }).getByRole('link', { name: 'SLOs' }).click();
    await expect(page.getByTestId(testIds.pages.slos)).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/a/${plugin.id}/slos$`));
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    expect(consoleErrors.list).toEqual([]);
  });

  test('the config page renders without console errors', async ({ page, consoleErrors }) => {
    await openHostPage(page, `/plugins/${plugin.id}`);
    await expect(page.getByTestId(testIds.appConfig.backendUrl)).toHaveValue(env.backendUrl);
    await expect(page.getByRole('tab', { name: 'Configuration' })).toBeVisible();
    expect(consoleErrors.list).toEqual([]);
  });

  test('an unknown path is a 404', async ({ request }) => {
    expect((await request.get('/a/not-our-app/incidents')).status()).toBe(404);
    expect((await request.get(`/a/${plugin.id}/no-such-page`)).status()).toBe(404);
    expect((await request.get('/dashboards')).status()).toBe(404);
    // an encoded "../" must not escape dist/
    expect((await request.get(`/public/plugins/${plugin.id}/..%2f..%2fpackage.json`)).status()).toBe(404);
  });
});

test.describe('the host loads the built plugin the way Grafana does', () => {
  test('module.js and datasource/module.js are served unmodified from dist', async ({ request }) => {
    for (const file of ['module.js', 'datasource/module.js', 'plugin.json']) {
      const served = await (await request.get(`/public/plugins/${plugin.id}/${file}`)).body();
      expect(served.equals(readFileSync(join(env.dist, file))), `${file} served byte for byte`).toBe(true);
    }
  });

  test('the app module comes through SystemJS with the host’s shared packages', async ({ page, consoleErrors }) => {
    const scripts: string[] = [];
    page.on('request', (request) => scripts.push(new URL(request.url()).pathname));
    await openHostPage(page, `/a/${plugin.id}/incidents`);
    expect(scripts).toContain(`/public/plugins/${plugin.id}/module.js`);
    const shared = await page.evaluate(() => window.foresightHost.shared ?? []);
    for (const name of [
      'react',
      'react-dom',
      'react-router',
      '@grafana/data',
      '@grafana/ui',
      '@grafana/runtime',
      'rxjs',
      '@emotion/css',
    ]) {
      expect(shared).toContain(name);
    }
    // Trap 1 of platform.md: the host's lodash must not have been captured by SystemJS's AMD define.
    expect(await page.evaluate(() => typeof (window as unknown as { define?: { amd?: unknown } }).define?.amd)).toBe(
      'object'
    );
    expect(consoleErrors.list).toEqual([]);
  });

  test('the nested datasource is a real instance built from dist/datasource/module.js', async ({
    page,
    consoleErrors,
  }) => {
    await openHostPage(page, `/a/${plugin.id}/incidents`);
    const loaded = page.waitForRequest((request) =>
      request.url().endsWith(`/public/plugins/${plugin.id}/datasource/module.js`)
    );
    const result = await page.evaluate(async () => {
      const srv = window.foresightHost.dataSourceSrv!;
      const list = srv.getList({ metrics: true }).map((settings) => `${settings.uid}:${settings.type}`);
      const ds = await srv.get('foresight-anomalies');
      const health = await ds.testDatasource();
      return {
        list,
        type: ds.type,
        name: ds.name,
        uid: ds.uid,
        hasQueryEditor: Boolean(ds.components?.QueryEditor),
        health,
      };
    });
    await loaded;
    expect(result.list).toContain('foresight-anomalies:foresight-aiops-datasource');
    expect(result).toMatchObject({
      type: 'foresight-aiops-datasource',
      uid: 'foresight-anomalies',
      hasQueryEditor: true,
    });
    expect(result.health.status).toBe('success');
    expect(consoleErrors.list).toEqual([]);
  });
});
