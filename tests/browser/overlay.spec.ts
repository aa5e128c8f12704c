import { distPluginJson, env, expect, openHostPage, setAppSettings, test } from './fixtures';

const plugin = distPluginJson();

/**
 * The overlay datasource from the BUILT plugin (dist/datasource/module.js) wrapping the host's TestData: the query runs
 * through the real datasource, detection runs in its Web Worker chunk, and @grafana/ui's TimeSeries in PanelChrome
 * renders the series, the band and the red markers, with the anomaly regions over the plot.
 */
test.describe('anomaly overlay in a panel', () => {
  test('renders series with band, markers and anomaly regions, detection in a Web Worker', async ({
    page,
    consoleErrors,
  }) => {
    await openHostPage(page, '/host-views/overlay?series=3&kind=robust&training=4x');
    const summary = page.getByTestId('overlay-summary');
    await expect(summary).toBeVisible({ timeout: 20_000 });
    // Three original series, each with its own band frame; at least the two injected deviations are found.
    await expect(summary).toContainText('3 series · 3 bands');
    const anomalies = page.getByTestId('overlay-anomalies').locator('li');
    expect(await anomalies.count()).toBeGreaterThanOrEqual(2);
    await expect(anomalies.first()).toContainText(
      /σ (above|below) the expected .* \(range .* to .*\)\. Severity \w+, score \d\.\d\d, detector robust/
    );

    // Detection ran in the worker chunk emitted by webpack, served from the plugin's folder.
    expect(page.workers().map((w) => w.url())).toEqual(
      expect.arrayContaining([expect.stringMatching(/\/public\/plugins\/foresight-aiops-app\/foresight-detection\.js/)])
    );

    // A real uPlot canvas; the legend lists the three series and hides lower/upper/expected/score/markers.
    await expect(page.locator('.uplot canvas').first()).toBeVisible();
    const legendItems = page.locator('[data-testid^="data-testid VizLegend series "]');
    const names = await legendItems.evaluateAll((items) => items.map((item) => item.getAttribute('data-testid')));
    expect(names).toHaveLength(3);
    expect(names.join('\n')).toMatch(/host-0/);
    expect(names.join('\n')).not.toMatch(/ lower| upper| expected| anomaly score| anomalies/);

    await page.waitForTimeout(300);
    await page.screenshot({
      path: 'docs/screenshots/overlay.png',
      fullPage: false,
      clip: { x: 0, y: 0, width: 1280, height: 640 },
    });
    expect(consoleErrors.list).toEqual([]);
  });

  test('isolation forest and ensemble also produce bands and anomalies', async ({ page, consoleErrors }) => {
    for (const kind of ['isolation-forest', 'ensemble']) {
      await openHostPage(page, `/host-views/overlay?series=2&kind=${kind}&training=same`);
      await expect(page.getByTestId('overlay-summary')).toContainText('2 series · 2 bands', { timeout: 20_000 });
    }
    expect(consoleErrors.list).toEqual([]);
  });

  test('backend detector: series go through the plugin proxy to the real backend and come back as bands', async ({
    page,
    request,
    consoleErrors,
  }) => {
    await setAppSettings(request, plugin.id, { enabled: true, backendUrl: env.backendUrl, apiKey: env.apiKey });
    const proxied: string[] = [];
    page.on(
      'request',
      (r) => r.url().includes('/api/plugin-proxy/') && proxied.push(`${r.method()} ${new URL(r.url()).pathname}`)
    );
    await openHostPage(page, '/host-views/overlay?series=2&kind=backend-forecast&training=4x');
    await expect(page.getByTestId('overlay-summary')).toContainText('2 series · 2 bands', { timeout: 20_000 });
    expect(proxied).toEqual([`POST /api/plugin-proxy/${plugin.id}/backend/api/detect`]);
    await expect(page.getByTestId('overlay-anomalies').locator('li').first()).toContainText('detector seasonal');
    expect(consoleErrors.list).toEqual([]);
  });

  test('backend detector without a configured backend says what to do', async ({ page, request }) => {
    await setAppSettings(request, plugin.id, { enabled: true });
    await openHostPage(page, '/host-views/overlay?series=1&kind=backend-forecast');
    await expect(page.getByText(/set its URL and API key on the Foresight AIOps configuration page/)).toBeVisible({
      timeout: 20_000,
    });
    await expect(page.getByText('No data')).toBeVisible();
  });

  test('panel edit: the overlay query editor embeds the wrapped editor and re-runs on a detector change', async ({
    page,
    consoleErrors,
  }) => {
    await openHostPage(page, '/host-views/overlay?series=2&kind=robust&training=same&editor=1');
    const summary = page.getByTestId('overlay-summary');
    await expect(summary).toContainText('2 series · 2 bands', { timeout: 20_000 });
    const editor = page.getByTestId('overlay-query-editor');
    // The wrapped datasource's own editor (TestData's fields) inside the overlay's editor.
    await expect(
      editor.getByTestId('data-testid foresight-overlay-inner-editor').getByLabel('Series count')
    ).toHaveValue('2');
    await expect(editor.getByText('Rolling median and MAD')).toBeVisible();
    await editor.getByLabel('10×').click({ force: true });
    await expect(page.getByText('Random walk · Foresight anomalies (robust, training 10x)')).toBeVisible();
    // Changing the wrapped query runs it again: three series now.
    await editor.getByLabel('Series count').fill('3');
    await editor.getByLabel('Series count').blur();
    await expect(summary).toContainText('3 series · 3 bands', { timeout: 20_000 });
    await page.screenshot({ path: 'docs/screenshots/overlay-editor.png', fullPage: true });
    expect(consoleErrors.list).toEqual([]);
  });
});
