/**
 * Alerts → incident → page, end to end with a REAL Prometheus and Alertmanager (support/incidentStack.ts): two
 * rules over two services of a catalogue (checkout depends on payments) fire, Alertmanager delivers them to the
 * backend's webhook, and the Incidents page — already open, refreshing itself — lists ONE incident for both
 * services. Its detail page shows what GET /api/incidents/:id returns; Acknowledge in the page is recorded by the
 * API; when the rules resolve, the incident resolves after the quiet period and the page says so.
 *
 * Prints the latencies it measures (rule firing → incident in the API → incident on the page, and the same for
 * resolution).
 */
import { existsSync } from 'node:fs';
import type { Locator } from '@playwright/test';
import type { IncidentDetailResponse, IncidentListResponse } from '../../src/components/IncidentShared/incidentApi';
import { incidentTestIds } from '../../src/components/IncidentShared/testIds';
import { testIds } from '../../src/components/testIds';
import { distPluginJson, env, expect, openHostPage, restoreSharedAppSettings, setAppSettings, test } from './fixtures';
import {
  ALERTMANAGER_BINARY,
  CATALOGUE_TTL_MS,
  PROMETHEUS_BINARY,
  QUIET_PERIOD_MS,
  RULES,
  startIncidentStack,
  type IncidentStack,
} from './support/incidentStack';
import { until } from '../support/until';

const plugin = distPluginJson();
const LIST = `/a/${plugin.id}/incidents`;
/** The page refreshes every 15 s (src/pages/Incidents.tsx REFRESH_MS); one refresh plus slack. */
const PAGE_REFRESH_TIMEOUT_MS = 25_000;

/** Columns of the list table (IncidentList.tsx). */
const COLUMN = { title: 1, status: 2, severity: 3, services: 4, alerts: 5 } as const;

const ms = (value: number) => `${(value / 1000).toFixed(1)} s`;

/** The visible text of each element, whitespace collapsed. */
async function texts(items: Locator): Promise<string[]> {
  return (await items.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
}

test.describe('Incidents: real Prometheus → Alertmanager → webhook → backend → page', () => {
  test.skip(
    !existsSync(PROMETHEUS_BINARY) || !existsSync(ALERTMANAGER_BINARY),
    `${PROMETHEUS_BINARY} or ${ALERTMANAGER_BINARY} is not installed`
  );
  test.describe.configure({ mode: 'serial', timeout: 60_000 });

  let stack: IncidentStack;
  /** Shared by the serial tests: the incident both rules made. */
  let incidentId = '';

  test.beforeAll(async () => {
    test.setTimeout(60_000);
    stack = await startIncidentStack({ distDir: env.dist });
    // Rules loaded and the workload scraped, so the only thing left to happen is the failure itself.
    await until('Prometheus rules loaded and the workload scraped', 20_000, async () => {
      const rules = (await (await fetch(`${stack.prometheusUrl}/api/v1/rules`)).json()) as {
        data: { groups: Array<{ rules: Array<{ name: string; health: string }> }> };
      };
      const loaded = rules.data.groups.flatMap((g) => g.rules);
      const healthy = loaded.filter((r) => r.health === 'ok').map((r) => r.name);
      if (healthy.length !== RULES.length) {
        throw new Error(`rules: ${JSON.stringify(loaded)}`);
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

  test('both rules fire → one incident for checkout and payments appears on the open list page', async ({
    page,
    consoleErrors,
  }) => {
    await openHostPage(page, LIST);
    await expect(page.getByTestId(testIds.pages.incidents)).toBeVisible();
    // Nothing yet: the backend has no alert, so the page explains where incidents come from.
    await expect(page.getByTestId(incidentTestIds.list.table)).toHaveCount(0);

    // The correlator must have read the catalogue before the first alert starts (see catalogueStoredAt).
    const catalogueReadBy = stack.catalogueStoredAt + CATALOGUE_TTL_MS + 1_000;
    await page.waitForTimeout(Math.max(0, catalogueReadBy - Date.now()));

    const failedAt = Date.now();
    stack.setFailing(true);
    const firing = await until('both rules firing in Prometheus', 15_000, async () => {
      const alerts = (await stack.prometheusAlerts()).filter((a) => a.state === 'firing');
      return alerts.length === RULES.length ? alerts : undefined;
    });
    const firingAt = Math.max(...firing.map((a) => Date.parse(a.activeAt)));

    const listed = await until('one incident with both alerts in GET /api/incidents', 30_000, async () => {
      const list = (await stack.api<IncidentListResponse>('/api/incidents?status=open,acknowledged')).body;
      if (list.total > 1) {
        throw new Error(`expected ONE incident, got ${list.items.map((i) => `${i.id} ${i.services}`).join('; ')}`);
      }
      return list.items[0]?.alertCount === RULES.length ? list.items[0] : undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message}\n${stack.logs()}`);
    });
    const inApiAt = Date.now();
    incidentId = listed.id;
    expect(listed).toMatchObject({
      status: 'open',
      severity: 'critical',
      services: ['checkout', 'payments'],
      rootCauseCandidates: ['payments'],
      alertCount: 2,
      firingCount: 2,
    });

    // The page shows it on its own refresh: no reload.
    const row = page.getByTestId(incidentTestIds.list.row(listed.id));
    const cells = row.locator('td');
    await expect(cells.nth(COLUMN.alerts)).toHaveText(String(listed.alertCount), { timeout: PAGE_REFRESH_TIMEOUT_MS });
    const onPageAt = Date.now();
    await expect(page.getByTestId(incidentTestIds.list.status(listed.id))).toContainText('open');
    await expect(cells.nth(COLUMN.services)).toHaveText(listed.services.join(', '));
    await expect(cells.nth(COLUMN.severity)).toHaveText(listed.severity);
    await expect(cells.nth(COLUMN.title)).toContainText(listed.title);
    await expect(cells.nth(COLUMN.title)).toContainText(`likely cause: payments`);
    await expect(page.getByTestId(incidentTestIds.list.table).locator('tbody tr')).toHaveCount(1);

    console.log(
      `[incidents e2e] failure set → both rules firing (Prometheus activeAt): ${ms(firingAt - failedAt)}; ` +
        `rule firing → incident in API: ${ms(inApiAt - firingAt)} (detectedAt − activeAt ${ms(listed.detectedAt - firingAt)}); ` +
        `rule firing → incident on the page: ${ms(onPageAt - firingAt)} (page refreshes every 15 s)`
    );
    expect(consoleErrors.list).toEqual([]);
  });

  test('detail shows the member alerts, timeline and priority reasons of GET /api/incidents/:id; Acknowledge is recorded', async ({
    page,
    consoleErrors,
  }) => {
    expect(incidentId, 'the first test found the incident').not.toBe('');
    await openHostPage(page, LIST);
    await page.getByTestId(incidentTestIds.list.row(incidentId)).getByRole('link').click();
    await expect(page).toHaveURL(new RegExp(`/incidents/${incidentId}$`));
    await expect(page.getByTestId(incidentTestIds.detail.container)).toBeVisible();

    const detail = (await stack.api<IncidentDetailResponse>(`/api/incidents/${incidentId}`)).body;
    const { incident, alerts } = detail;
    await expect(page.getByTestId(incidentTestIds.detail.title)).toHaveText(incident.title);
    await expect(page.getByTestId(incidentTestIds.detail.status)).toHaveText('open');

    // Member alerts: the two rules, from Alertmanager, each on its service with the rule's labels.
    expect(alerts.map((a) => [a.name, a.service, a.status, a.source]).sort()).toEqual(
      RULES.map((r) => [r.alert, r.service, 'firing', 'alertmanager']).sort()
    );
    const alertRows = page.getByTestId(incidentTestIds.detail.alerts).locator('tbody tr');
    await expect(alertRows).toHaveCount(alerts.length);
    for (const alert of alerts) {
      const row = page.getByTestId(incidentTestIds.detail.alertRow(alert.key));
      const cells = row.locator('td');
      await expect(cells.nth(0)).toContainText(alert.name);
      await expect(cells.nth(0)).toContainText(alert.service!);
      await expect(cells.nth(0)).toContainText(alert.annotations.summary);
      await expect(cells.nth(1)).toHaveText(alert.status);
      await expect(cells.nth(2)).toHaveText(alert.severity);
      for (const [name, value] of Object.entries(alert.labels).filter(([name]) => name !== 'alertname')) {
        await expect(cells.nth(5)).toContainText(`${name}=${value}`);
      }
      // Prometheus's link back to the rule's expression.
      await expect(cells.nth(6).getByRole('link', { name: 'Source' })).toHaveAttribute('href', alert.generatorUrl!);
      expect(alert.generatorUrl).toContain(`${stack.prometheusUrl}/graph?`);
    }

    // Priority reasons and timeline: the same entries, in the same order.
    await expect(page.getByTestId(incidentTestIds.detail.reasons).locator('li')).toHaveText(incident.priorityReasons);
    expect(incident.priorityReasons.length).toBeGreaterThan(0);
    const timeline = page.getByTestId(incidentTestIds.detail.timeline).locator('li');
    await expect(timeline).toHaveCount(incident.timeline.length);
    const shownTimeline = await texts(timeline);
    incident.timeline.forEach((entry, i) => {
      expect(shownTimeline[i]).toContain(`${entry.event} by ${entry.actor}`);
      if (entry.detail) {
        expect(shownTimeline[i]).toContain(entry.detail.replace(/\s+/g, ' ').trim());
      }
    });
    // The engine explains the grouping: one alert opened it, the other joined through the catalogue.
    expect(incident.timeline.map((e) => e.event).slice(0, 2)).toEqual(['opened', 'joined']);
    await expect(page.getByTestId(incidentTestIds.detail.runbooks).getByRole('link')).toHaveText(incident.runbookUrls);

    // Acknowledge in the page → the API records it with a timeline entry; the page shows the new state.
    const clickedAt = Date.now();
    await page.getByTestId(incidentTestIds.detail.ack).click();
    await expect(page.getByTestId(incidentTestIds.detail.status)).toHaveText('acknowledged');
    await expect(page.getByTestId(incidentTestIds.detail.ack)).toBeDisabled();
    const acked = (await stack.api<IncidentDetailResponse>(`/api/incidents/${incidentId}`)).body.incident;
    expect(acked.status).toBe('acknowledged');
    expect(acked.acknowledgedAt).toBeGreaterThanOrEqual(clickedAt - 1_000);
    expect(acked.acknowledgedAt).toBeLessThanOrEqual(Date.now());
    const ackEntry = acked.timeline.at(-1)!;
    expect(ackEntry).toMatchObject({ event: 'acknowledged', at: acked.acknowledgedAt });
    expect(acked.timeline).toHaveLength(incident.timeline.length + 1);
    await expect(timeline).toHaveCount(acked.timeline.length);
    await expect(timeline.last()).toContainText(`acknowledged by ${ackEntry.actor}`);
    expect(consoleErrors.list).toEqual([]);
  });

  test('the rules resolve → the incident resolves after the quiet period, on the open detail page', async ({
    page,
    consoleErrors,
  }) => {
    expect(incidentId, 'the first test found the incident').not.toBe('');
    await openHostPage(page, `${LIST}/${incidentId}`);
    await expect(page.getByTestId(incidentTestIds.detail.status)).toHaveText('acknowledged');

    const healedAt = Date.now();
    stack.setFailing(false);
    await until('Prometheus holds no alert', 15_000, async () =>
      (await stack.prometheusAlerts()).length === 0 ? true : undefined
    );
    const rulesResolvedAt = Date.now();
    const resolved = await until('the incident resolved in the API', 30_000, async () => {
      const current = (await stack.api<IncidentDetailResponse>(`/api/incidents/${incidentId}`)).body;
      return current.incident.status === 'resolved' ? current : undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message}\n${stack.logs()}`);
    });
    const inApiAt = Date.now();
    // Resolved at the last member's end; the engine's decision waited the quiet period in event time.
    const lastEnd = Math.max(...resolved.alerts.map((a) => a.endsAt ?? Number.NaN));
    expect(resolved.alerts.map((a) => a.status)).toEqual(['resolved', 'resolved']);
    expect(resolved.incident.resolvedAt).toBe(lastEnd);
    expect(resolved.incident.timeline.at(-1)).toMatchObject({ event: 'resolved', at: lastEnd + QUIET_PERIOD_MS });

    await expect(page.getByTestId(incidentTestIds.detail.status)).toHaveText('resolved', {
      timeout: PAGE_REFRESH_TIMEOUT_MS,
    });
    const onPageAt = Date.now();
    await expect(page.getByTestId(incidentTestIds.detail.reopen)).toBeVisible();
    const timeline = page.getByTestId(incidentTestIds.detail.timeline).locator('li');
    await expect(timeline).toHaveCount(resolved.incident.timeline.length);
    await expect(timeline.last()).toContainText('resolved by foresight');
    for (const alert of resolved.alerts) {
      await expect(page.getByTestId(incidentTestIds.detail.alertRow(alert.key)).locator('td').nth(1)).toHaveText(
        'resolved'
      );
    }

    // The list: gone from the active view, shown under "Resolved".
    await openHostPage(page, LIST);
    await expect(page.getByTestId(incidentTestIds.list.table)).toBeVisible();
    await expect(page.getByTestId(incidentTestIds.list.row(incidentId))).toHaveCount(0);
    await page.getByTestId(incidentTestIds.list.statusFilter).getByRole('radio', { name: 'Resolved' }).click();
    await expect(page.getByTestId(incidentTestIds.list.status(incidentId))).toContainText('resolved');

    console.log(
      `[incidents e2e] workload healthy → Prometheus holds no alert: ${ms(rulesResolvedAt - healedAt)}; ` +
        `→ incident resolved in API: ${ms(inApiAt - rulesResolvedAt)} (quiet period ${ms(QUIET_PERIOD_MS)}); ` +
        `→ resolved on the open detail page: ${ms(onPageAt - rulesResolvedAt)} (page refreshes every 15 s)`
    );
    expect(consoleErrors.list).toEqual([]);
  });
});
