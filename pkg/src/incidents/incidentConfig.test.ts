import { incidentSettingsFromEnv } from './incidentConfig';

describe('incidentSettingsFromEnv', () => {
  it('reads numbers and causal rules, and keeps defaults for the rest', () => {
    expect(
      incidentSettingsFromEnv({
        FORESIGHT_INCIDENT_WINDOW_MS: '600000',
        FORESIGHT_INCIDENT_MIN_ALERTS: '2',
        FORESIGHT_INCIDENT_CAUSAL_RULES: 'KafkaBrokerDown>PipelineErrorRateHigh, RedisMemoryHigh > CacheMissRateHigh',
        FORESIGHT_INCIDENT_TICK_MS: '500',
      })
    ).toEqual({
      correlation: {
        windowMs: 600000,
        minAlerts: 2,
        causalRules: [
          { cause: 'KafkaBrokerDown', effect: 'PipelineErrorRateHigh' },
          { cause: 'RedisMemoryHigh', effect: 'CacheMissRateHigh' },
        ],
      },
      tickIntervalMs: 500,
    });
    expect(incidentSettingsFromEnv({})).toEqual({ correlation: {}, tickIntervalMs: 10_000 });
  });

  it.each([
    {
      env: { FORESIGHT_INCIDENT_WINDOW_MS: 'five' },
      message: 'FORESIGHT_INCIDENT_WINDOW_MS must be a number, got "five"',
    },
    { env: { FORESIGHT_INCIDENT_MIN_ALERTS: '0' }, message: 'minAlerts must be an integer ≥ 1, got 0' },
    { env: { FORESIGHT_INCIDENT_CAUSAL_RULES: 'A>B,C' }, message: 'Cause>Effect alert names, got "C"' },
    { env: { FORESIGHT_INCIDENT_TICK_MS: '5' }, message: 'FORESIGHT_INCIDENT_TICK_MS must be a number ≥ 100, got "5"' },
  ])('rejects $env naming the variable and value', ({ env, message }) => {
    expect(() => incidentSettingsFromEnv(env)).toThrow(message);
  });
});
