import { expect, openHostPage, test } from './fixtures';

/**
 * The overlay datasource from the BUILT plugin (dist/datasource/module.js) wrapping the host's TestData: the query runs
 * through the real datasource, detection runs in its Web Worker chunk, and @grafana/ui's TimeSeries in PanelChrome
 * renders the series, the band and the red markers, with the anomaly regions over the plot.
 */
test.describe('anomaly overlay in a panel', () => {
  test('renders series with band, markers and anomaly regions, detection in a Web Worker', async ({ page, consoleErrors }) => {
    await openHostPage(page, '/host-views/overlay?series=3&kind=robust&training=4x');
    const summary = page.getByTestId('overlay-summary');
    await expect(summary).toBeVisible({ timeout: 20_000 });
    // Three original series, each with its own band frame; at least the two injected deviations are found.
    await expect(summary).toContainText('3 series · 3 bands');
    const anomalies = page.getByTestId('overlay-anomalies').locator('li');
    expect(await anomalies.count()).toBeGreaterThanOrEqual(2);
    await expect(anomalies.first()).toContainText(/σ (above|below) the expected .* \(range .* to .*\)\. Severity \w+, score \d\.\d\d, detector robust/);

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
    await page.screenshot({ path: 'docs/screenshots/overlay.png', fullPage: false, clip: { x: 0, y: 0, width: 1280, height: 640 } });
    expect(consoleErrors.list).toEqual([]);
  });

  test('isolation forest and ensemble also produce bands and anomalies', async ({ page, consoleErrors }) => {
    for (const kind of ['isolation-forest', 'ensemble']) {
      await openHostPage(page, `/host-views/overlay?series=2&kind=${kind}&training=same`);
      await expect(page.getByTestId('overlay-summary')).toContainText('2 series · 2 bands', { timeout: 20_000 });
    }
    expect(consoleErrors.list).toEqual([]);
  });
});
