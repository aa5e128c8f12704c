import { resolveCorrelationConfig, type CorrelationConfig } from '../../../src/engine/incidents/config';
import { TICK_INTERVAL_MS } from './incidentService';

/** Environment variables that tune correlation (defaults: src/engine/incidents/config.ts). */
export const INCIDENT_ENV = {
  FORESIGHT_INCIDENT_WINDOW_MS: 'windowMs',
  FORESIGHT_INCIDENT_MAX_SPAN_MS: 'maxSpanMs',
  FORESIGHT_INCIDENT_MIN_ALERTS: 'minAlerts',
  FORESIGHT_INCIDENT_QUIET_PERIOD_MS: 'quietPeriodMs',
  FORESIGHT_INCIDENT_ALLOWED_LATENESS_MS: 'allowedLatenessMs',
  FORESIGHT_INCIDENT_STALE_AFTER_MS: 'staleAfterMs',
} as const satisfies Record<string, keyof CorrelationConfig>;

export interface IncidentSettings {
  correlation: Partial<CorrelationConfig>;
  tickIntervalMs: number;
}

/** Reads the incident env vars; a bad value throws naming the variable and the value. */
export function incidentSettingsFromEnv(env: NodeJS.ProcessEnv): IncidentSettings {
  const correlation: Partial<CorrelationConfig> = {};
  for (const [name, field] of Object.entries(INCIDENT_ENV)) {
    const raw = env[name];
    if (raw === undefined || raw === '') {
      continue;
    }
    const value = Number(raw);
    if (!Number.isFinite(value)) {
      throw new Error(`${name} must be a number, got ${JSON.stringify(raw)}`);
    }
    (correlation as Record<string, number>)[field] = value;
  }
  const rules = env.FORESIGHT_INCIDENT_CAUSAL_RULES;
  if (rules !== undefined && rules.trim() !== '') {
    correlation.causalRules = rules.split(',').map((pair) => {
      const [cause, effect, extra] = pair.split('>').map((name) => name.trim());
      if (!cause || !effect || extra !== undefined) {
        throw new Error(
          `FORESIGHT_INCIDENT_CAUSAL_RULES must be a comma-separated list of Cause>Effect alert names, got ${JSON.stringify(pair)}`
        );
      }
      return { cause, effect };
    });
  }
  try {
    resolveCorrelationConfig(correlation);
  } catch (error) {
    throw new Error(`incident settings from the environment: ${(error as Error).message}`);
  }
  const tickRaw = env.FORESIGHT_INCIDENT_TICK_MS;
  const tickIntervalMs = tickRaw ? Number(tickRaw) : TICK_INTERVAL_MS;
  if (!(tickIntervalMs >= 100) || !Number.isFinite(tickIntervalMs)) {
    throw new Error(`FORESIGHT_INCIDENT_TICK_MS must be a number ≥ 100, got ${JSON.stringify(tickRaw)}`);
  }
  return { correlation, tickIntervalMs };
}
