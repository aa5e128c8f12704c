import type { Page } from '@playwright/test';
import { testIds } from '../../src/components/testIds';
import { freePort } from './processes';
import { distPluginJson, env, expect, openHostPage, setAppSettings, settingsUrl, test } from './fixtures';

const plugin = distPluginJson();
const configPath = `/plugins/${plugin.id}`;

/** Fills the config form as a user would and saves; the page reloads itself after a successful save. */
async function saveThroughForm(page: Page, backendUrl: string, apiKey: string): Promise<void> {
  await openHostPage(page, configPath);
  await page.getByTestId(testIds.appConfig.backendUrl).fill(backendUrl);
  await page.getByTestId(testIds.appConfig.apiKey).fill(apiKey);
  const saved = page.waitForResponse(
    (response) => response.url().endsWith(settingsUrl(plugin.id)) && response.request().method() === 'POST'
  );
  const reloaded = page.waitForEvent('load'); // the NEW document's load, not the current one's
  await page.getByTestId(testIds.appConfig.submit).click();
  expect((await saved).status()).toBe(200);
  await reloaded;
  await page.waitForFunction(() => window.foresightHost?.ready === true);
}

async function testConnection(page: Page) {
  await page.getByTestId(testIds.appConfig.testConnection).click();
  const result = page.getByTestId(testIds.appConfig.connectionResult);
  await expect(result).toBeVisible();
  return result;
}

/** Chromium logs every 4xx/5xx fetch as a console error; only these expected ones may appear. */
function unexpectedErrors(errors: string[], allowedStatus: number): string[] {
  return errors.filter((error) => !error.includes(`the server responded with a status of ${allowedStatus}`));
}

test.describe('config page: settings and Test connection through the plugin proxy', () => {
  test.beforeEach(async ({ request }) => {
    await setAppSettings(request, plugin.id, { enabled: false });
  });

  test('saves settings, then Test connection turns green through the proxy to the real backend', async ({
    page,
    request,
    consoleErrors,
  }) => {
    await saveThroughForm(page, env.backendUrl, env.apiKey);

    // After the reload the page shows what Grafana stored: the URL, and the key only as "configured".
    await expect(page.getByTestId(testIds.appConfig.backendUrl)).toHaveValue(env.backendUrl);
    await expect(page.getByTestId(testIds.appConfig.apiKey)).toHaveValue('configured');
    await expect(page.getByTestId(testIds.appConfig.apiKey)).toBeDisabled();
    const stored = await (await request.get(settingsUrl(plugin.id))).json();
    expect(stored).toMatchObject({
      enabled: true,
      jsonData: { backendUrl: env.backendUrl },
      secureJsonFields: { apiKey: true },
    });

    const result = await testConnection(page);
    await expect(result).toHaveAttribute('data-ok', 'true');
    await expect(result).toContainText('Backend connected');
    await expect(result).toContainText('API key accepted');
    await expect(result).toContainText('sqlite store');
    await page.screenshot({ path: 'docs/screenshots/config-connection.png' });
    expect(consoleErrors.list).toEqual([]);
  });

  test('with a wrong key Test connection turns red and says the key was rejected', async ({ page, consoleErrors }) => {
    await saveThroughForm(page, env.backendUrl, `wrong-${env.apiKey}`);
    const result = await testConnection(page);
    await expect(result).toHaveAttribute('data-ok', 'false');
    await expect(result).toContainText('Connection test failed at the authenticated API');
    await expect(result).toContainText('The backend rejected the API key (HTTP 401');
    await expect(result).toContainText("Set the key to the backend's FORESIGHT_API_KEY and save.");
    expect(unexpectedErrors(consoleErrors.list, 401)).toEqual([]);
  });

  test('with an unreachable backend Test connection turns red at /health with a 502', async ({
    page,
    consoleErrors,
  }) => {
    const closedPort = await freePort(); // nothing listens there
    await saveThroughForm(page, `http://127.0.0.1:${closedPort}`, env.apiKey);
    const result = await testConnection(page);
    await expect(result).toHaveAttribute('data-ok', 'false');
    await expect(result).toContainText('Connection test failed at /health');
    await expect(result).toContainText('could not reach the backend (HTTP 502');
    expect(unexpectedErrors(consoleErrors.list, 502)).toEqual([]);
  });

  test('the API key never reaches the browser', async ({ page, request }) => {
    const seen: string[] = [];
    page.on('response', async (response) => {
      seen.push(JSON.stringify(await response.allHeaders()));
      const type = response.headers()['content-type'] ?? '';
      if (/json|text|javascript/.test(type)) {
        seen.push(await response.text().catch(() => ''));
      }
    });
    await saveThroughForm(page, env.backendUrl, env.apiKey);
    const result = await testConnection(page);
    await expect(result).toHaveAttribute('data-ok', 'true');
    await page.reload();
    await page.waitForFunction(() => window.foresightHost?.ready === true);
    seen.push(await page.content());
    seen.push(
      await page.evaluate(() =>
        JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookies: document.cookie })
      )
    );
    seen.push(await (await request.get(settingsUrl(plugin.id))).text());

    expect(seen.length).toBeGreaterThan(10);
    const leaks = seen.filter((text) => text.includes(env.apiKey));
    expect(leaks, 'responses, DOM or storage containing the API key').toEqual([]);
  });
});
