import { parseConfig } from './config';

describe('parseConfig', () => {
  it('uses safe defaults', () => {
    expect(parseConfig([], {})).toEqual({
      host: '127.0.0.1',
      port: 9464,
      acceleration: 1,
      seed: 1,
      schedulePath: 'demo/schedules/default.yaml',
      apiKey: undefined,
      logFile: '.data/sim/app.log',
      lokiUrl: undefined,
      simStartMs: undefined,
      stepMs: 1000,
      logSampleInfo: 0.002,
      logSampleError: 0.2,
      scrapeIntervalMs: 15_000,
      retentionMs: 6 * 3_600_000,
      scrapeJob: 'foresight-demo',
    });
  });

  it('reads the self-scrape flags', () => {
    expect(parseConfig(['--scrape-interval', '5s', '--retention', '2h', '--scrape-job', 'shop'], {})).toMatchObject({
      scrapeIntervalMs: 5000,
      retentionMs: 7_200_000,
      scrapeJob: 'shop',
    });
    expect(parseConfig([], { SIM_SCRAPE_INTERVAL: '1s' }).scrapeIntervalMs).toBe(1000);
  });

  it('reads flags in both forms, and flags win over env', () => {
    const c = parseConfig(
      ['--port', '0', '--acceleration=60', '--schedule', 'none', '--start', '2026-11-18T00:00:00Z'],
      {
        SIM_PORT: '9999',
        SIM_SEED: '7',
        SIM_API_KEY: 'k1',
      }
    );
    expect(c).toMatchObject({
      port: 0,
      acceleration: 60,
      seed: 7,
      schedulePath: undefined,
      apiKey: 'k1',
      stepMs: 3000,
    });
    expect(c.simStartMs).toBe(Date.parse('2026-11-18T00:00:00Z'));
  });

  it('falls back to FORESIGHT_API_KEY and bounds the step', () => {
    expect(parseConfig([], { FORESIGHT_API_KEY: 'shared' }).apiKey).toBe('shared');
    expect(parseConfig(['--acceleration', '3600'], {}).stepMs).toBe(60_000);
    expect(parseConfig(['--step', '5s'], {}).stepMs).toBe(5000);
    expect(parseConfig(['--accelerate', '120'], {}).acceleration).toBe(120);
  });

  it.each([
    [['--acceleration', '-3'], /--acceleration \/ SIM_ACCELERATION: expected a number in \(0, 10000\], got "-3"/],
    [['--port', '70000'], /--port \/ SIM_PORT: expected an integer port/],
    [['--start', 'yesterday'], /--start \/ SIM_START: expected an ISO 8601 time/],
    [['--step', '10ms'], /--step \/ SIM_STEP: must be at least 100ms/],
    [['--scrape-interval', '50ms'], /--scrape-interval \/ SIM_SCRAPE_INTERVAL: must be at least 100ms/],
    [['--retention', '10s'], /--retention \/ SIM_RETENTION: must hold at least two scrapes/],
    [['--colour', 'red'], /unknown argument "--colour"/],
    [['--seed'], /--seed: missing value/],
  ])('rejects %p', (argv, message) => {
    expect(() => parseConfig(argv, {})).toThrow(message);
  });
});
