import { Float64Pool, takeFloat64 } from './float64Pool';

describe('Float64Pool', () => {
  it('hands back given arrays of the asked length, else new zeroed ones', () => {
    const pool = new Float64Pool(100);
    const a = new Float64Array(10).fill(7);
    pool.give(a);
    expect(pool.size).toBe(10);
    expect(pool.take(10)).toBe(a);
    expect(pool.size).toBe(0);
    const fresh = pool.take(10);
    expect(fresh).not.toBe(a);
    expect(Array.from(fresh)).toEqual(new Array(10).fill(0));
    expect(pool.take(3)).toHaveLength(3);
  });

  it('keeps at most maxPoints, never a view into a larger buffer, never the same array twice', () => {
    const pool = new Float64Pool(25);
    const big = new Float64Array(20);
    pool.give(big, big, new Float64Array(40).subarray(0, 10), new Float64Array(10));
    // `big` once (20), the view refused, the second 10-array over the budget.
    expect(pool.size).toBe(20);
    expect(pool.take(20)).toBe(big);
    expect(pool.take(20)).not.toBe(big);
    expect(() => new Float64Pool(-1)).toThrow('Float64Pool maxPoints must be ≥ 0, got -1');
  });

  it('takeFloat64 allocates without a pool', () => {
    expect(takeFloat64(undefined, 4)).toEqual(new Float64Array(4));
    const pool = new Float64Pool(10);
    const a = new Float64Array(4);
    pool.give(a);
    expect(takeFloat64(pool, 4)).toBe(a);
  });
});
