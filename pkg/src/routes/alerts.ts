import { ALERT_PROVIDERS } from '../alerts/providers';
import { parseOrBadRequest } from '../http/validate';
import { incidentSettingsFromEnv } from '../incidents/incidentConfig';
import { incidentServiceFor } from '../incidents/incidentService';
import type { RoutePlugin } from './context';

/**
 * Webhook ingestion, one route per format: POST /api/alerts/alertmanager, /api/alerts/grafana, /api/alerts.
 * A 200 means every alert of the payload is stored (and correlated); a 400 names the field and stores nothing.
 */
export const alertRoutes: RoutePlugin = async (app, { store }) => {
  const service = incidentServiceFor(store, incidentSettingsFromEnv(process.env));
  for (const provider of ALERT_PROVIDERS) {
    app.post(provider.path, async (request) => {
      const receivedAt = Date.now();
      const payload = parseOrBadRequest(provider.schema, request.body);
      const alerts = provider.toAlerts(payload, receivedAt);
      const result = await service.ingest(provider.source, request.body, alerts, receivedAt);
      return { accepted: result.alerts, duplicate: result.duplicate, payloadId: result.payloadId };
    });
  }
};
