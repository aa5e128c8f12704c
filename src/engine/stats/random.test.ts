import { createRng } from './random';

describe('createRng', () => {
  it('is reproducible from its seed and differs across seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const seqA = [a.next(), a.next(), a.next()];
    expect([b.next(), b.next(), b.next()]).toEqual(seqA);
    expect(c.next()).not.toBe(seqA[0]);
  });

  it('draws uniforms in [0, 1) with mean near 0.5', () => {
    const rng = createRng(1);
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const u = rng.next();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      sum += u;
    }
    expect(sum / 20000).toBeCloseTo(0.5, 1);
  });

  it.each([
    [0.5, 0.05],
    [7, 0.2],
    [250, 2],
  ])('poisson(%p) has the right mean', (mean, tolerance) => {
    const rng = createRng(7);
    let sum = 0;
    const draws = 5000;
    for (let i = 0; i < draws; i++) {
      sum += rng.poisson(mean);
    }
    expect(Math.abs(sum / draws - mean)).toBeLessThan(tolerance);
  });

  it.each([
    [10, 0.3],
    [1000, 0.02],
  ])('binomial(%p, %p) stays in range with the right mean', (n, p) => {
    const rng = createRng(9);
    let sum = 0;
    for (let i = 0; i < 4000; i++) {
      const k = rng.binomial(n, p);
      expect(k).toBeGreaterThanOrEqual(0);
      expect(k).toBeLessThanOrEqual(n);
      sum += k;
    }
    expect(Math.abs(sum / 4000 - n * p)).toBeLessThan(0.05 * n * p + 0.1);
  });

  it('calls like a function and draws integers, picks and samples in range', () => {
    const a = createRng(5);
    const b = createRng(5);
    expect(a()).toBe(b.next());
    for (let i = 0; i < 1000; i++) {
      const k = a.int(-2, 3);
      expect(Number.isInteger(k) && k >= -2 && k <= 3).toBe(true);
    }
    expect(['x', 'y']).toContain(a.pick(['x', 'y']));
    const sample = a.sample([1, 2, 3, 4, 5], 3);
    expect(new Set(sample).size).toBe(3);
    expect(a.sample([1, 2], 5).sort()).toEqual([1, 2]);
    expect(a.exponential(10)).toBeGreaterThanOrEqual(0);
  });

  it('handles degenerate inputs and formats hex ids', () => {
    const rng = createRng(3);
    expect(rng.poisson(0)).toBe(0);
    expect(rng.binomial(0, 0.5)).toBe(0);
    expect(rng.binomial(12, 1)).toBe(12);
    expect(rng.hex(32)).toMatch(/^[0-9a-f]{32}$/);
    expect(() => createRng(Number.NaN)).toThrow(/seed/);
  });
});
