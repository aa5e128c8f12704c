import { MirrorRing } from './mirrorRing';

describe('MirrorRing', () => {
  it.each([1, 2, 5])('holds the last %i values in arrival order after every push', (capacity) => {
    const ring = new MirrorRing(capacity);
    const all: number[] = [];
    expect(Array.from(ring.window())).toEqual([]);
    for (let i = 0; i < 3 * capacity + 2; i++) {
      ring.push(i * 1.5 - 3);
      all.push(i * 1.5 - 3);
      expect(Array.from(ring.window())).toEqual(all.slice(-capacity));
      expect(ring.size).toBe(Math.min(all.length, capacity));
    }
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new MirrorRing(0)).toThrow(/positive integer, got 0/);
  });
});
