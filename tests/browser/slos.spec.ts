/**
 * The SLO pages in the host show the numbers the backend's API returns, evaluated by a real Prometheus from the
 * generated recording rules over a workload whose error ratios this test sets (support/sloStack.ts).
 *
 * Every window of a short history sees the same exact ratio, so each burn rate is bad share / error budget on every
 * window, and the alert states follow from the thresholds: the figures are known before the pages are opened.
 */
import { existsSync } from 'node:fs';
import type { Locator, Page, Response } from '@playwright/test';
import { formatBurn, formatPercent, formatTimeLeft } from '../../src/components/SloShared/format';
import type { SloDetailResponse, SloListResponse } from '../../src/components/SloShared/sloApi';
import { sloTestIds } from '../../src/components/SloShared/testIds';
import { filterAndSort, LIST_WINDOWS, sloRows } from '../../src/components/SloList/rows';
import type { SloStatus } from '../../src/engine/slo/types';
import { distPluginJson, env, expect, openHostPage, restoreSharedAppSettings, setAppSettings, test } from './fixtures';
import { until } from '../support/until';
import { startSloStack, type SloStack } from './support/sloStack';
import type { WorkloadProfile } from './support/sloWorkload';

const plugin = distPluginJson();
const PROMETHEUS_BINARY = '/usr/bin/prometheus';

/** Bad shares chosen to land each demo SLO in a different state (objectives from demo-shop.slo.yaml). */
const PROFILE: WorkloadProfile = {
  // 99%: 50% errors burn 50× (every page and ticket alert). 10k req/s clears the 0.5/s traffic guard on 3d quickly.
  // Frontend 99%: 0.12% errors burn 0.12× (no alert).
  services: { checkout: { perSecond: 10_000, badRatio: 0.5 }, frontend: { perSecond: 2_000, badRatio: 0.0012 } },
  // 98%: 8% slow burns 4× (tickets only), 0.8% slow burns 0.4× (no alert).
  apiRoutes: { '/cart': { perSecond: 500, badRatio: 0.08 }, '/products': { perSecond: 1_500, badRatio: 0.008 } },
};

interface Expected {
  key: string;
  burn: number;
  alerts: string[];
  worst: string;
}

/** Row key (sloRows) → the burn the profile implies and the alert states it must produce. */
const EXPECTED: Expected[] = [
  {
    key: 'checkout-availability|',
    burn: 0.5 / 0.01,
    alerts: ['page/1h:firing', 'page/6h:firing', 'ticket/1d:firing', 'ticket/3d:firing'],
    worst: 'page firing (1h/5m)',
  },
  {
    key: 'api-latency|route=/cart',
    burn: 0.08 / 0.02,
    alerts: ['page/1h:ok', 'page/6h:ok', 'ticket/1d:firing', 'ticket/3d:firing'],
    worst: 'ticket firing (1d/2h)',
  },
  {
    key: 'api-latency|route=/products',
    burn: 0.008 / 0.02,
    alerts: ['page/1h:ok', 'page/6h:ok', 'ticket/1d:ok', 'ticket/3d:ok'],
    worst: 'ok',
  },
  {
    key: 'frontend-availability|',
    burn: 0.0012 / 0.01,
    alerts: ['page/1h:ok', 'page/6h:ok', 'ticket/1d:ok', 'ticket/3d:ok'],
    worst: 'ok',
  },
];

const rowKey = (id: string, status: SloStatus) =>
  `${id}|${Object.entries(status.group)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')}`;
const alertSummary = (status: SloStatus) =>
  status.alerts.map((a) => `${a.window.severity}/${a.window.longWindow}:${a.state}`);

/** Why the API's figures are not yet the steady ones the profile implies, or undefined once they are. */
function notSteady(list: SloListResponse): string | undefined {
  if (!list.evaluation.available) {
    return `evaluation unavailable: ${list.evaluation.reason}`;
  }
  const statuses = new Map(
    list.slos.flatMap((slo) => (slo.statuses ?? []).map((s) => [rowKey(slo.spec.id, s), s] as const))
  );
  for (const expected of EXPECTED) {
    const status = statuses.get(expected.key);
    if (!status || status.sli === null || status.budgetRemaining === null) {
      return `${expected.key}: no SLI yet`;
    }
    const off = status.burnRates.find((b) => b.burnRate === null || Math.abs(b.burnRate / expected.burn - 1) > 0.01);
    if (off) {
      return `${expected.key}: burn over ${off.window} is ${off.burnRate}, expected ${expected.burn}`;
    }
    if (alertSummary(status).join() !== expected.alerts.join()) {
      return `${expected.key}: alerts ${alertSummary(status).join()}`;
    }
  }
  return undefined;
}

/** A shown percentage or burn factor as a number, to check the text against the API value independently of format.ts. */
function shownNumber(text: string): number {
  const match = /^(-?\d+(?:\.\d+)?)(%|×)$/.exec(text.trim());
  if (!match) {
    throw new Error(`not a percentage or burn factor: ${JSON.stringify(text)}`);
  }
  return match[2] === '%' ? Number(match[1]) / 100 : Number(match[1]);
}

/** The text equals the page's formatting of `value`, and reads back to `value` within its last shown digit. */
async function expectFigure(cell: Locator, value: number | null, formatted: string, unit: number): Promise<void> {
  await expect(cell).toHaveText(formatted);
  expect(value).not.toBeNull();
  expect(Math.abs(shownNumber(formatted) - value!)).toBeLessThanOrEqual(unit / 2 + 1e-12);
}

/** Opens a page and returns the body of the backend call the page made through the plugin proxy. */
async function openAndCapture<T>(page: Page, path: string, apiPath: string): Promise<T> {
  const proxied = `/api/plugin-proxy/${plugin.id}/backend${apiPath}`;
  const answer: Promise<Response> = page.waitForResponse((r) => new URL(r.url()).pathname === proxied);
  await openHostPage(page, path);
  const response = await answer;
  expect(response.status(), proxied).toBe(200);
  return (await response.json()) as T;
}

test.describe('SLO pages show the numbers the API returns (real Prometheus, generated rules)', () => {
  test.skip(!existsSync(PROMETHEUS_BINARY), `${PROMETHEUS_BINARY} is not installed`);
  test.describe.configure({ mode: 'serial', timeout: 60_000 });

  let stack: SloStack;

  test.beforeAll(async () => {
    test.setTimeout(150_000);
    stack = await startSloStack({ distDir: env.dist, profile: PROFILE });
    await until('steady SLO figures from Prometheus', 120_000, async () => {
      const list = await stack.api<SloListResponse>('/api/slos');
      const reason = notSteady(list.body);
      if (reason) {
        throw new Error(reason);
      }
      return true;
    });
  });

  test.afterAll(async () => {
    await stack?.stop();
    await restoreSharedAppSettings(plugin.id);
  });

  test.beforeEach(async ({ request }) => {
    await setAppSettings(request, plugin.id, { enabled: true, backendUrl: stack.backendUrl, apiKey: stack.apiKey });
  });

  test('the backend serves the rules the test loaded into Prometheus (only the period interval differs)', async () => {
    const served = await stack.api<never>('/api/slos/rules.yaml');
    expect(served.status).toBe(200);
    expect(served.text).toContain('interval: 5m');
    const groups = (await (await fetch(`${stack.prometheusUrl}/api/v1/rules`)).json()) as {
      data: { groups: Array<{ name: string; rules: Array<{ health: string; name: string }> }> };
    };
    const names = groups.data.groups.map((g) => g.name).sort();
    expect(names).toEqual(
      stack.specs.flatMap((s) => [`slo:${s.id}:alerts`, `slo:${s.id}:period`, `slo:${s.id}:sli`]).sort()
    );
    for (const name of names) {
      expect(served.text).toContain(`name: ${name}`);
    }
    expect(groups.data.groups.flatMap((g) => g.rules).filter((r) => r.health !== 'ok')).toEqual([]);
  });

  test('list: objective, SLI, budget, burn per window and alert state equal GET /api/slos', async ({
    page,
    consoleErrors,
  }) => {
    const shown = await openAndCapture<SloListResponse>(page, `/a/${plugin.id}/slos`, '/api/slos');
    await expect(page.getByTestId(sloTestIds.list.table)).toBeVisible();
    await expect(page.getByTestId(sloTestIds.list.evaluationWarning)).toHaveCount(0);
    // The same moment: the backend caches an evaluation for 15 s, so this call answers what the page received.
    const now = (await stack.api<SloListResponse>('/api/slos')).body;
    expect(now).toEqual(shown);
    expect(notSteady(now)).toBeUndefined();

    const rows = filterAndSort(sloRows(now.slos), '');
    expect(rows.map((r) => r.key)).toEqual(EXPECTED.map((e) => e.key)); // least budget first
    const shownRows = page.getByTestId(sloTestIds.list.table).locator('tbody tr');
    await expect(shownRows).toHaveCount(rows.length);
    for (const [index, row] of rows.entries()) {
      const tr = shownRows.nth(index);
      await expect(tr).toHaveAttribute('data-testid', sloTestIds.list.row(row.key));
      const cells = tr.locator('td');
      await expectFigure(cells.nth(2), row.objective, formatPercent(row.objective, 3), 0.00001);
      await expectFigure(cells.nth(3), row.sli, formatPercent(row.sli, 3), 0.00001);
      await expectFigure(
        page.getByTestId(sloTestIds.list.budget(row.key)),
        row.budgetRemaining,
        formatPercent(row.budgetRemaining, 1),
        0.001
      );
      for (const w of LIST_WINDOWS) {
        const burn = row.burn[w];
        await expectFigure(
          page.getByTestId(sloTestIds.list.burn(row.key, w)),
          burn,
          formatBurn(burn),
          burn! < 10 ? 0.01 : 0.1
        );
      }
      const expected = EXPECTED[index];
      expect(row.alertLabel).toBe(expected.worst);
      await expect(page.getByTestId(sloTestIds.list.alert(row.key))).toHaveText(expected.worst);
    }
    expect(consoleErrors.list).toEqual([]);
    await page.screenshot({ path: 'docs/screenshots/slo-list.png' });
  });

  test('detail: objective, SLI, budget, time left, burn per window and alert states equal the API', async ({
    page,
    consoleErrors,
  }) => {
    const id = 'checkout-availability';
    const shown = await openAndCapture<SloDetailResponse>(page, `/a/${plugin.id}/slos/${id}`, `/api/slos/${id}`);
    await expect(page.getByTestId(sloTestIds.detail.container)).toBeVisible();
    await expect(page.getByTestId(sloTestIds.detail.history)).toBeVisible();
    const detail = (await stack.api<SloDetailResponse>(`/api/slos/${id}`)).body;
    expect(detail).toEqual(shown);
    // GET /api/slos evaluates separately (its own cache entry); with exact workload ratios it shows the same digits.
    const listed = (await stack.api<SloListResponse>('/api/slos')).body.slos.find((s) => s.spec.id === id)!;

    for (const status of [detail.statuses![0], listed.statuses![0]]) {
      // The objective tile has no test id: its value is the element after its title.
      const objective = page.getByText('Objective', { exact: true }).locator('xpath=following-sibling::div[1]');
      await expectFigure(objective, status.objective, formatPercent(status.objective, 3), 0.00001);
      await expectFigure(page.getByTestId(sloTestIds.detail.sli), status.sli, formatPercent(status.sli, 3), 0.00001);
      await expectFigure(
        page.getByTestId(sloTestIds.detail.budget),
        status.budgetRemaining,
        formatPercent(status.budgetRemaining, 1),
        0.001
      );
      await expect(page.getByTestId(sloTestIds.detail.timeLeft)).toHaveText(formatTimeLeft(status.timeLeftSeconds));
      expect(status.burnRates.map((b) => b.window)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d']);
      for (const b of status.burnRates) {
        await expectFigure(
          page.getByTestId(sloTestIds.detail.burn(b.window)),
          b.burnRate,
          formatBurn(b.burnRate),
          b.burnRate! < 10 ? 0.01 : 0.1
        );
      }
      for (const a of status.alerts) {
        await expect(page.getByTestId(sloTestIds.detail.alert(a.window.severity, a.window.longWindow))).toHaveText(
          a.state
        );
      }
      expect(alertSummary(status)).toEqual(EXPECTED[0].alerts);
    }
    await expect(page.getByTestId(sloTestIds.detail.rules)).toContainText(`name: slo:${id}:sli`);
    expect(consoleErrors.list).toEqual([]);
    // Down to the first lines of the generated rules: the rest of the YAML adds height, not information.
    const rules = await page.getByTestId(sloTestIds.detail.rules).boundingBox();
    expect(rules).not.toBeNull();
    await page.screenshot({
      path: 'docs/screenshots/slo-detail.png',
      fullPage: true,
      clip: { x: 0, y: 0, width: 1280, height: Math.round(rules!.y + 160) },
    });
  });
});
