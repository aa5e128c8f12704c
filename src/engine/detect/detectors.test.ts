/**
 * Each detector on generated series with one known anomaly at index 1500 (spike, dip, level shift, seasonality
 * change, variance change): it must flag an interval starting at the anomaly, and nothing before it.
 */
import { DetectOptions, detectSeries, DetectResult } from './index';
import { seasonalSeries, STEP_MS } from './testSeries';

const AT = 1500;
type Inject = (i: number, base: number, noise: number) => number;

const SEASONAL: Record<string, Inject> = {
  spike: (i, b, e) => b + e + (i === AT ? 15 : 0),
  dip: (i, b, e) => b + e - (i === AT ? 15 : 0),
  'level-shift': (i, b, e) => b + e + (i >= AT ? 8 : 0),
  'seasonality change': (i, b, e) => (i >= AT ? 200 - b : b) + e,
  'variance change': (i, b, e) => b + e * (i >= AT ? 6 : 1),
};

function run(inject: Inject, options: DetectOptions, period = 48): DetectResult {
  const s = seasonalSeries(2000, { period }, inject);
  const result = detectSeries(s.timestamps, s.values, options);
  if (!result.ok) {
    throw new Error(result.message);
  }
  return result;
}

const index = (r: DetectResult, t: number) => Math.round((t - r.timestamps[0]) / STEP_MS);

function expectFound(r: DetectResult, latest = AT + 3) {
  const before = r.anomalies.filter((a) => index(r, a.start) < AT);
  expect(before).toEqual([]);
  const found = r.anomalies.find((a) => index(r, a.end) >= AT);
  expect(found).toBeDefined();
  expect(index(r, found!.start)).toBeGreaterThanOrEqual(AT);
  expect(index(r, found!.start)).toBeLessThanOrEqual(latest);
  return found!;
}

describe.each(['seasonal', 'ensemble'] as const)('%s detector on a seasonal series (period 48)', (kind) => {
  it.each(Object.keys(SEASONAL))('finds a %s at once', (name) => {
    const r = run(SEASONAL[name], { kind });
    expect(r.period).toBe(48);
    const found = expectFound(r);
    expect(found.explanation.detectors.length).toBeGreaterThan(0);
  });

  it('explains with the right type, expected value and σ', () => {
    const spike = expectFound(run(SEASONAL.spike, { kind }));
    expect(spike.explanation.type).toBe('spike');
    expect(spike.explanation.deviationSigma).toBeGreaterThan(8);
    expect(spike.explanation.severity).toBe('critical');
    expect(spike.peakValue).toBeGreaterThan(spike.explanation.upper);
    expect(Math.abs(spike.explanation.expected - (spike.peakValue - 15))).toBeLessThan(3);
    expect(expectFound(run(SEASONAL.dip, { kind })).explanation.type).toBe('dip');
    expect(expectFound(run(SEASONAL['level-shift'], { kind })).explanation.type).toBe('level-shift');
    expect(expectFound(run(SEASONAL['variance change'], { kind })).explanation.type).toBe('variance-change');
  });
});

describe('robust detector on a level series', () => {
  const flat: Record<string, Inject> = {
    spike: (i, b, e) => b + e + (i === AT ? 12 : 0),
    dip: (i, b, e) => b + e - (i === AT ? 12 : 0),
    'level-shift': (i, b, e) => b + e + (i >= AT ? 10 : 0),
    'variance change': (i, b, e) => b + e * (i >= AT ? 8 : 1),
  };
  it.each(Object.keys(flat))('finds a %s at once', (name) => {
    const r = run(flat[name], { kind: 'robust' }, 0);
    const found = expectFound(r);
    expect(found.explanation.detectors).toEqual(['robust']);
    if (name === 'spike' || name === 'dip' || name === 'level-shift') {
      expect(found.explanation.type).toBe(name);
    }
  });
});

describe('isolation-forest detector', () => {
  // At sensitivity 0.8 the top ~0.3% of the forest's own calibrated scores alarm, so stray single points before the
  // spike happen for some seeds: with splits kept on node-constant features (Liu et al., as ml-isolation-forest;
  // +5 NAB points) seeds 42 and 1–40 have 0/1/2/3 strays 26/6/7/2 times, all info or low. Bound them (at most three
  // short info/low intervals in the 1500 points before the spike) instead of demanding none.
  it.each([42, 1, 2, 3])('seed %i: finds a spike on a level series at a high sensitivity as its top score', (seed) => {
    const r = run((i, b, e) => b + e + (i === AT ? 15 : 0), { kind: 'isolation-forest', sensitivity: 0.8, seed }, 0);
    let top = 0;
    for (let i = 1; i < r.score.length; i++) {
      top = r.score[i] > r.score[top] ? i : top;
    }
    expect(top).toBe(AT);
    const found = r.anomalies.find((a) => index(r, a.start) === AT);
    expect(found?.explanation.detectors).toEqual(['isolation-forest']);
    expect(found?.explanation.severity).toBe('critical');
    const before = r.anomalies.filter((a) => index(r, a.start) < AT);
    expect(before.length).toBeLessThanOrEqual(3);
    for (const stray of before) {
      expect(index(r, stray.end) - index(r, stray.start)).toBeLessThanOrEqual(2);
      expect(['info', 'low']).toContain(stray.explanation.severity);
    }
  });
});

describe('determinism', () => {
  it.each(['robust', 'seasonal', 'isolation-forest', 'novelty', 'ensemble'] as const)(
    '%s: same input and seed → identical scores',
    (kind) => {
      const a = run(SEASONAL.spike, { kind, seed: 9 });
      const b = run(SEASONAL.spike, { kind, seed: 9 });
      expect(Array.from(a.score)).toEqual(Array.from(b.score));
      expect(a.anomalies).toEqual(b.anomalies);
    }
  );

  it('isolation-forest scores depend on the seed', () => {
    const a = run(SEASONAL.spike, { kind: 'isolation-forest', seed: 1 });
    const b = run(SEASONAL.spike, { kind: 'isolation-forest', seed: 2 });
    expect(Array.from(a.score)).not.toEqual(Array.from(b.score));
  });
});
