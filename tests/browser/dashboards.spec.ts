/**
 * The provisioned dashboards (provisioning/dashboards/*.json) rendered by the host's dashboard view
 * (/host-views/dashboard, tests/host/page/views/dashboard.tsx) with @grafana/ui panels over real datasources:
 * - slo-burn-rate.json over a real Prometheus evaluating the generated SLO rules (support/sloStack.ts): every stat
 *   panel shows what Prometheus answers for the same query;
 * - anomaly-overlay.json through the built overlay datasource (TestData, and Prometheus scraping the demo simulator);
 * - service-overview.json over Prometheus scraping the demo simulator, and over the simulator's own query API alone
 *   (`npm start -- --no-prometheus`).
 * Each saves its screenshot in docs/screenshots/dashboard-<name>.png.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import type { SloListResponse } from '../../src/components/SloShared/sloApi';
import { env, expect, openHostPage, test } from './fixtures';
import {
  promInstant,
  sendFiringAlert,
  startBackend,
  startDashboardHost,
  startDemoSimulator,
  startSimulatorPrometheus,
  type Started,
} from './support/dashboardStack';
import { until } from '../support/until';
import { startSloStack, type SloStack } from './support/sloStack';
import type { WorkloadProfile } from './support/sloWorkload';

const PROMETHEUS_BINARY = '/usr/bin/prometheus';
const REPO_ROOT = resolve(__dirname, '..', '..');
const SCREENSHOTS = join(REPO_ROOT, 'docs', 'screenshots');
const SERVICE_OVERVIEW = join(REPO_ROOT, 'provisioning', 'dashboards', 'service-overview.json');

/** Error ratios that put the demo SLOs in different states (objectives in provisioning/slos/demo-shop.slo.yaml). */
const PROFILE: WorkloadProfile = {
  services: { checkout: { perSecond: 10_000, badRatio: 0.05 }, frontend: { perSecond: 2_000, badRatio: 0.0006 } },
  apiRoutes: { '/cart': { perSecond: 500, badRatio: 0.04 }, '/products': { perSecond: 1_500, badRatio: 0.004 } },
};

/** Opens a dashboard in the view and waits until no panel is loading; returns the panels' locator. */
async function openDashboard(page: Page, hostUrl: string, query: string) {
  await openHostPage(page, `${hostUrl}/host-views/dashboard?${query}`);
  await expect(page.getByTestId('dashboard-error')).toHaveCount(0);
  const panels = page.getByTestId('dashboard-panel');
  await expect.poll(() => panels.count(), { timeout: 20_000 }).toBeGreaterThan(0);
  await expect(page.locator('[data-testid="dashboard-panel"][data-state="loading"]')).toHaveCount(0, {
    timeout: 30_000,
  });
  // uPlot and BigValue draw after layout (seconds on a busy machine)
  await page.waitForTimeout(2_000);
  return panels;
}

/**
 * Saves the whole dashboard. The viewport is grown to the page's height first: a fullPage screenshot resizes the
 * viewport for the capture, which makes every uPlot canvas resize and redraw asynchronously (blank in the shot).
 */
async function saveScreenshot(page: Page, name: string): Promise<void> {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: 1600, height: Math.max(900, height) });
  await expect(page.locator('[data-testid="dashboard-panel"][data-state="loading"]')).toHaveCount(0, {
    timeout: 30_000,
  });
  await page.waitForTimeout(2_000);
  await page.screenshot({ path: join(SCREENSHOTS, name) });
}

/** A figure as the stat panel shows it ("97.3%", "50.00 x", "-12.5%") read back to the number it stands for. */
function shownNumber(text: string): number {
  const match = /^(-?\d+(?:\.\d+)?)\s*(%|x)?$/.exec(text.trim());
  if (!match) {
    throw new Error(`not a number with % or x: ${JSON.stringify(text)}`);
  }
  return match[2] === '%' ? Number(match[1]) / 100 : Number(match[1]);
}

const close = (a: number, b: number, relative: number, absolute: number) =>
  Math.abs(a - b) <= Math.max(relative * Math.abs(b), absolute);

test.describe('SLO burn rate dashboard over a real Prometheus with the generated rules', () => {
  test.skip(!existsSync(PROMETHEUS_BINARY), `${PROMETHEUS_BINARY} is not installed`);
  test.describe.configure({ mode: 'serial', timeout: 90_000 });

  let stack: SloStack;
  let host: Started;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    stack = await startSloStack({ distDir: env.dist, profile: PROFILE });
    host = await startDashboardHost({ distDir: env.dist, prometheusUrl: stack.prometheusUrl });
    // Every SLO has a budget and a burn rate from the recording rules before the dashboard is opened.
    await until('SLO recording rules evaluated for every SLO', 120_000, async () => {
      const list = await stack.api<SloListResponse>('/api/slos');
      const ids = list.body.slos.map((s) => s.spec.id);
      const budgets = await promInstant(stack.prometheusUrl, 'slo:period_error_budget_remaining:ratio');
      const burns = await promInstant(stack.prometheusUrl, 'slo:current_burn_rate:ratio');
      const missing = ids.filter(
        (id) => !budgets.some((b) => b.labels.slo_id === id) || !burns.some((b) => b.labels.slo_id === id)
      );
      if (missing.length) {
        throw new Error(`no budget/burn yet for ${missing.join(', ')}`);
      }
      return true;
    });
  });

  test.afterAll(async () => {
    await host?.stop();
    await stack?.stop();
  });

  test('one row per SLO; every stat panel shows what Prometheus answers for its queries', async ({
    page,
    consoleErrors,
  }) => {
    await page.setViewportSize({ width: 1600, height: 900 });
    const panels = await openDashboard(page, host.url, 'file=slo-burn-rate.json&from=now-15m&to=now');
    const ids = (await stack.api<SloListResponse>('/api/slos')).body.slos.map((s) => s.spec.id).sort();
    const rows = await page.getByTestId('dashboard-row').allInnerTexts();
    expect(rows.map((r) => r.replace(/^[▸▾]\s*/, '')).sort()).toEqual(ids.map((id) => `SLO ${id}`));

    const dashboard = JSON.parse(
      readFileSync(join(REPO_ROOT, 'provisioning', 'dashboards', 'slo-burn-rate.json'), 'utf8')
    ) as {
      panels: Array<{ type: string; title?: string; targets?: Array<{ expr: string }> }>;
    };
    const stats = dashboard.panels.filter((p) => p.type === 'stat');
    let checked = 0;
    for (const id of ids) {
      for (const stat of stats) {
        const panel = panels.and(page.locator(`[data-title="${stat.title}"][data-repeat="slo=${id}"]`));
        await expect(panel).toHaveAttribute('data-state', 'done');
        const body = panel.locator('[data-values]');
        const shown = JSON.parse((await body.getAttribute('data-values')) ?? '[]') as number[];
        const texts = JSON.parse((await body.getAttribute('data-display')) ?? '[]') as string[];
        const expected: number[] = [];
        for (const target of stat.targets ?? []) {
          const series = await promInstant(stack.prometheusUrl, target.expr.replace(/\$slo/g, id));
          expected.push(...series.map((s) => s.value));
        }
        const label = `${stat.title} for ${id}`;
        expect(
          shown.length,
          `${label}: values shown ${JSON.stringify(shown)} vs Prometheus ${JSON.stringify(expected)}`
        ).toBe(expected.length);
        const sortedShown = [...shown].sort((a, b) => a - b);
        const sortedExpected = [...expected].sort((a, b) => a - b);
        sortedShown.forEach((value, i) => {
          expect(
            close(value, sortedExpected[i], 5e-3, 1e-6),
            `${label}: shown ${value}, Prometheus ${sortedExpected[i]}`
          ).toBe(true);
        });
        // The text on the panel is the formatted value, and reads back to it within the shown digits.
        const panelText = await panel.innerText();
        texts.forEach((text, i) => {
          expect(panelText.replace(/\s+/g, ''), label).toContain(text.replace(/\s+/g, ''));
          const digits = (text.split('.')[1] ?? '').replace(/\D/g, '').length;
          const unit = (text.includes('%') ? 0.01 : 1) * 10 ** -digits;
          expect(close(shownNumber(text), shown[i], 0, unit / 2 + 1e-9), `${label}: "${text}" vs ${shown[i]}`).toBe(
            true
          );
        });
        checked++;
      }
    }
    expect(checked).toBe(ids.length * stats.length);
    // every time series and table panel rendered data or said why not
    const states = await panels.evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-title')}:${e.getAttribute('data-state')}`)
    );
    expect(states.filter((s) => s.endsWith(':error') || s.endsWith(':unsupported'))).toEqual([]);
    expect(consoleErrors.list).toEqual([]);
  });

  test('screenshot: two SLOs selected through var-slo', async ({ page, consoleErrors }) => {
    // Lines worth looking at: 90 s of recording-rule history (evaluated every second) before the 3-minute view.
    test.setTimeout(180_000);
    await until('90 s of SLO recording-rule history', 120_000, async () => {
      const counts = await promInstant(stack.prometheusUrl, 'count_over_time(slo:current_burn_rate:ratio[5m])');
      return counts.length > 0 && Math.min(...counts.map((c) => c.value)) >= 90 ? true : undefined;
    });
    await page.setViewportSize({ width: 1600, height: 900 });
    await openDashboard(
      page,
      host.url,
      'file=slo-burn-rate.json&from=now-3m&to=now&var-slo=checkout-availability&var-slo=api-latency'
    );
    await expect(page.getByTestId('dashboard-row')).toHaveCount(2);
    await saveScreenshot(page, 'dashboard-slo-burn-rate.png');
    expect(consoleErrors.list).toEqual([]);
  });
});

test.describe('Dashboards over the demo simulator', () => {
  test.skip(!existsSync(PROMETHEUS_BINARY), `${PROMETHEUS_BINARY} is not installed`);
  test.describe.configure({ mode: 'serial', timeout: 90_000 });

  let prometheus: Started;
  let backend: Started & { apiKey: string };
  let host: Started;

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    prometheus = await startSimulatorPrometheus();
    backend = await startBackend(env.dist);
    host = await startDashboardHost({ distDir: env.dist, prometheusUrl: prometheus.url, backend });
    // Two minutes of scrapes, so the 5-minute dashboards show lines and the detectors have some history.
    await until('two minutes of simulator samples in Prometheus', 150_000, async () => {
      const samples = await promInstant(prometheus.url, 'count_over_time(up{job="demo-shop"}[5m])');
      return (samples[0]?.value ?? 0) >= 120 ? true : undefined;
    });
    // A real incident for the service overview's "Foresight incidents" annotation query (overlay → plugin proxy → backend).
    await sendFiringAlert(
      backend,
      { alertname: 'HighLatencyP95', service: 'checkout', severity: 'critical' },
      new Date(Date.now() - 60_000)
    );
    await until('the incident opened by the alert', 60_000, async () => {
      const response = await fetch(`${backend.url}/api/incidents`, { headers: { 'x-foresight-key': backend.apiKey } });
      const text = await response.text();
      return response.ok && text.includes('checkout') ? true : undefined;
    });
  });

  test.afterAll(async () => {
    await host?.stop();
    await backend?.stop();
    await prometheus?.stop();
  });

  test('anomaly overlay: TestData and Prometheus panels through the built overlay datasource', async ({
    page,
    consoleErrors,
  }) => {
    await page.setViewportSize({ width: 1600, height: 900 });
    const panels = await openDashboard(page, host.url, 'file=anomaly-overlay.json&from=now-5m&to=now');
    const states = await panels.evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-title')}:${e.getAttribute('data-state')}`)
    );
    expect(states.filter((s) => !s.endsWith(':done'))).toEqual([]);
    await saveScreenshot(page, 'dashboard-anomaly-overlay.png');
    expect(consoleErrors.list).toEqual([]);
  });

  test('service overview over the simulator', async ({ page, consoleErrors }) => {
    test.skip(!existsSync(SERVICE_OVERVIEW), `${SERVICE_OVERVIEW} does not exist yet`);
    await page.setViewportSize({ width: 1600, height: 900 });
    const panels = await openDashboard(page, host.url, 'file=service-overview.json&from=now-5m&to=now');
    const states = await panels.evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-title')}:${e.getAttribute('data-state')}`)
    );
    expect(states.filter((s) => s.endsWith(':error'))).toEqual([]);
    // the incident opened by the alert is drawn on the time series panels
    await expect(page.getByTestId('dashboard-grid')).toHaveAttribute('data-annotations', /^[1-9]\d*$/);
    await saveScreenshot(page, 'dashboard-service-overview.png');
    expect(consoleErrors.list).toEqual([]);
  });
});

test.describe('Service overview read straight from the simulator (npm start -- --no-prometheus)', () => {
  test.describe.configure({ mode: 'serial', timeout: 90_000 });

  let simulator: Started;
  let backend: Started & { apiKey: string };
  let host: Started;

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    simulator = await startDemoSimulator();
    backend = await startBackend(env.dist);
    // The host's Prometheus datasource (uid prometheus) is the simulator itself, as start.sh wires it without Prometheus.
    host = await startDashboardHost({ distDir: env.dist, prometheusUrl: simulator.url, backend });
    // Two minutes of samples: rate() over the panels' 1m $__rate_interval is then taken over full windows.
    await until('two minutes of self-recorded simulator samples', 150_000, async () => {
      const samples = await promInstant(simulator.url, 'count_over_time(up[5m])');
      return (samples[0]?.value ?? 0) >= 120 ? true : undefined;
    });
  });

  test.afterAll(async () => {
    await host?.stop();
    await backend?.stop();
    await simulator?.stop();
  });

  test('every panel renders from the simulator’s PromQL answers through the overlay datasource', async ({
    page,
    consoleErrors,
  }) => {
    await page.setViewportSize({ width: 1600, height: 900 });
    const panels = await openDashboard(page, host.url, 'file=service-overview.json&from=now-5m&to=now');
    const states = await panels.evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-title')}:${e.getAttribute('data-state')}`)
    );
    expect(states.length).toBeGreaterThan(0);
    expect(states.filter((s) => !s.endsWith(':done'))).toEqual([]);
    // Time series panels drew lines (uPlot canvases), not "No data".
    await expect(page.getByText('No data')).toHaveCount(0);
    await saveScreenshot(page, 'dashboard-service-overview-no-prometheus.png');
    expect(consoleErrors.list).toEqual([]);
  });
});
