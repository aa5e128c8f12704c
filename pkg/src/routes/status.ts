import { SERVICE_VERSION } from '../version';
import type { RoutePlugin } from './context';

/** GET /api/status: the authenticated half of the config page's "Test connection". */
export const statusRoutes: RoutePlugin = async (app, context) => {
  app.get('/status', async () => ({
    version: SERVICE_VERSION,
    store: {
      kind: context.store.kind,
      location: context.store.location,
      schemaVersion: await context.store.schemaVersion(),
    },
  }));
};
