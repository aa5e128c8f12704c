import { detectPeriod } from './period';
import { createRng } from '../stats/random';

const noise = (n: number, seed: number) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng() - 0.5);
};

describe('detectPeriod', () => {
  it('finds the period of a noisy cycle, not a multiple of it', () => {
    const e = noise(2000, 1);
    expect(detectPeriod(e.map((x, i) => 5 * Math.sin((2 * Math.PI * i) / 24) + x))).toBe(24);
    expect(detectPeriod(e.map((x, i) => (i % 60 < 30 ? 3 : 0) + x))).toBe(60);
  });

  it('returns undefined for noise, a trend, a constant and too-short input', () => {
    expect(detectPeriod(noise(2000, 2))).toBeUndefined();
    expect(detectPeriod(noise(2000, 3).map((x, i) => i * 0.01 + x))).toBeUndefined();
    expect(detectPeriod(new Array(500).fill(7))).toBeUndefined();
    expect(detectPeriod([1, 2, 1, 2, 1])).toBeUndefined();
  });

  it('bridges missing values', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => (i % 97 === 0 ? NaN : Math.sin((2 * Math.PI * i) / 20)));
    expect(detectPeriod(xs)).toBe(20);
  });
});
