import type { z } from 'zod';
import type { Alert, AlertSource } from '../../../../src/engine/incidents/types';
import { alertmanagerAlerts, alertmanagerPayloadSchema } from './alertmanager';
import { genericAlerts, genericPayloadSchema } from './generic';
import { grafanaAlerts, grafanaPayloadSchema } from './grafana';

/** A webhook format: its zod schema and the adapter from a validated payload to engine alerts. */
export interface AlertProvider<S extends z.ZodTypeAny = z.ZodTypeAny> {
  source: Exclude<AlertSource, 'detector'>;
  /** Path under /api. */
  path: string;
  schema: S;
  toAlerts(payload: z.output<S>, receivedAt: number): Alert[];
}

function provider<S extends z.ZodTypeAny>(p: AlertProvider<S>): AlertProvider {
  return p as unknown as AlertProvider;
}

/** One adapter per webhook format (Keep's provider pattern); the correlator never sees a payload format. */
export const ALERT_PROVIDERS: readonly AlertProvider[] = [
  provider({
    source: 'alertmanager',
    path: '/alerts/alertmanager',
    schema: alertmanagerPayloadSchema,
    toAlerts: alertmanagerAlerts,
  }),
  provider({ source: 'grafana', path: '/alerts/grafana', schema: grafanaPayloadSchema, toAlerts: grafanaAlerts }),
  provider({ source: 'generic', path: '/alerts', schema: genericPayloadSchema, toAlerts: genericAlerts }),
];
