import { SortedWindow } from './sortedWindow';
import { mad, median, quantile } from './robust';
import { createRng } from './random';

describe('SortedWindow', () => {
  it('matches batch median, MAD and quantiles of the last `capacity` values at every step', () => {
    const rand = createRng(7);
    const all: number[] = [];
    for (const capacity of [1, 2, 5, 16]) {
      const w = new SortedWindow(capacity);
      for (let i = 0; i < 60; i++) {
        const v = Math.round(rand() * 20) - 10;
        all.push(v);
        w.push(v);
        const tail = all.slice(-Math.min(capacity, i + 1));
        expect(w.size).toBe(tail.length);
        expect(w.median()).toBeCloseTo(median(tail), 12);
        expect(w.mad()).toBeCloseTo(mad(tail), 12);
        expect(w.quantile(0.9)).toBeCloseTo(quantile(tail, 0.9), 12);
        expect(Array.from(w.values())).toEqual(tail);
      }
      all.length = 0;
    }
  });

  it('ranks with mid-rank ties', () => {
    const w = new SortedWindow(4);
    [1, 2, 2, 3].forEach((v) => w.push(v));
    expect(w.rank(2)).toBe(0.5);
    expect(w.rank(0)).toBe(0);
    expect(w.rank(9)).toBe(1);
  });

  it('rejects a bad capacity with the value in the message', () => {
    expect(() => new SortedWindow(0)).toThrow(/got 0/);
  });
});
