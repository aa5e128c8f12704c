import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// window.foresightHost is declared by tests/host/page/main.tsx (the page's HostHandle).
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';

export { expect };

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run the browser tests with playwright.host.config.ts (its globalSetup sets it)`
    );
  }
  return value;
}

/** Where globalSetup started things, and the plugin.json of the dist snapshot they serve. */
export const env = {
  get hostUrl() {
    return requiredEnv('FORESIGHT_TEST_HOST_URL');
  },
  get backendUrl() {
    return requiredEnv('FORESIGHT_TEST_BACKEND_URL');
  },
  get apiKey() {
    return requiredEnv('FORESIGHT_TEST_API_KEY');
  },
  get dist() {
    return requiredEnv('FORESIGHT_TEST_DIST_SNAPSHOT');
  },
};

export interface PluginJson {
  id: string;
  name: string;
  includes: Array<{ type: string; name: string; path?: string }>;
  routes?: Array<{ path?: string; url?: string; headers?: Array<{ name: string; content: string }> }>;
}

export function distPluginJson(): PluginJson {
  return JSON.parse(readFileSync(join(env.dist, 'plugin.json'), 'utf8')) as PluginJson;
}

/** Messages the browser printed at level error, plus uncaught page errors. */
export interface ConsoleErrors {
  list: string[];
}

export const test = base.extend<{ consoleErrors: ConsoleErrors }>({
  baseURL: async ({}, use) => use(env.hostUrl),
  consoleErrors: async ({ page }, use) => {
    const errors: ConsoleErrors = { list: [] };
    page.on('console', (message) => {
      if (message.type() === 'error') {
        const where = message.location().url;
        errors.list.push(`${message.text()}${where ? ` (${where})` : ''}`);
      }
    });
    page.on('pageerror', (error) => errors.list.push(`pageerror: ${error.message}`));
    await use(errors);
  },
});

/** Opens a host page and waits until the host loaded the plugin (or says why it could not). */
export async function openHostPage(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), `HTTP status of ${path}`).toBe(200);
  await page.waitForFunction(() => window.foresightHost?.ready === true || window.foresightHost?.error !== undefined);
  const startError = await page.evaluate(() => window.foresightHost.error);
  expect(startError, 'host start error').toBeUndefined();
}

export const settingsUrl = (pluginId: string) => `/api/plugins/${pluginId}/settings`;

/** Puts the app's settings in a known state through the host's settings API (as Grafana's API would). */
export async function setAppSettings(
  request: APIRequestContext,
  pluginId: string,
  settings: { enabled: boolean; backendUrl?: string; apiKey?: string }
): Promise<void> {
  const response = await request.post(settingsUrl(pluginId), {
    data: {
      enabled: settings.enabled,
      pinned: settings.enabled,
      jsonData: settings.backendUrl ? { backendUrl: settings.backendUrl } : {},
      // '' clears a stored secret
      secureJsonData: { apiKey: settings.apiKey ?? '' },
    },
  });
  expect(response.status()).toBe(200);
}

/**
 * Points the app back at the shared backend of the run (globalSetup's), as the other specs expect to find it: for the
 * afterAll of specs that start their own stack (no request fixture there, hence fetch).
 */
export async function restoreSharedAppSettings(pluginId: string): Promise<void> {
  const response = await fetch(`${env.hostUrl}${settingsUrl(pluginId)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      enabled: true,
      pinned: true,
      jsonData: { backendUrl: env.backendUrl },
      secureJsonData: { apiKey: env.apiKey },
    }),
  });
  if (!response.ok) {
    throw new Error(`restoring the shared app settings failed: HTTP ${response.status} ${await response.text()}`);
  }
}
