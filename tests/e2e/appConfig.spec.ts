import { testIds } from '../../src/components/testIds';
import { e2eBackend, expect, test } from './fixtures';

// Serial: the connection test uses the settings the first test saved.
test.describe.configure({ mode: 'serial' });

test('the config page saves the backend URL and the API key', async ({ appConfigPage, page }) => {
  test.skip(!e2eBackend.apiKey, 'set FORESIGHT_E2E_API_KEY to the backend key of the Grafana under test');
  const apiKey = page.getByTestId(testIds.appConfig.apiKey);
  if (await apiKey.isDisabled()) {
    await page.getByRole('button', { name: /reset/i }).click(); // a key is stored: replace it
  }
  await page.getByTestId(testIds.appConfig.backendUrl).fill(e2eBackend.url);
  await apiKey.fill(e2eBackend.apiKey!);
  const saveResponse = appConfigPage.waitForSettingsResponse();
  await page.getByTestId(testIds.appConfig.submit).click();
  await expect(saveResponse).toBeOK();
});

test('Test connection reaches the backend through the Grafana plugin proxy', async ({ appConfigPage, page }) => {
  test.skip(!e2eBackend.apiKey, 'set FORESIGHT_E2E_API_KEY to the backend key of the Grafana under test');
  await expect(appConfigPage.ctx.page.getByTestId(testIds.appConfig.apiKey)).toBeDisabled(); // saved by the test above
  await page.getByTestId(testIds.appConfig.testConnection).click();
  const result = page.getByTestId(testIds.appConfig.connectionResult);
  await expect(result).toHaveAttribute('data-ok', 'true');
  await expect(result).toContainText('API key accepted');
});
