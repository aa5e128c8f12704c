import { NoveltyDetector } from './novelty';

describe('NoveltyDetector', () => {
  it('flags a shape never seen before even when every value is in its usual range', () => {
    const d = new NoveltyDetector({ bins: 8, binSize: 4 });
    const cycle = (i: number) => 10 * Math.sin((2 * Math.PI * i) / 40);
    let normal = 0;
    let novel = 0;
    for (let i = 0; i < 2400; i++) {
      // From 2200 on the cycle stops at its mean: a flat stretch, all values within the old range.
      const v = i < 2200 ? cycle(i) + 0.1 * Math.sin(i * 1.7) : 0.1 * Math.sin(i * 1.7);
      const p = d.update(i, v).probability;
      if (i > 600 && i < 2200) {
        normal = Math.max(normal, p);
      } else if (i >= 2200) {
        novel = Math.max(novel, p);
      }
    }
    expect(novel).toBeGreaterThan(0.9999);
    expect(novel).toBeGreaterThan(normal);
  });

  it('skips missing values and is named after its span', () => {
    const d = new NoveltyDetector({ bins: 8, binSize: 4 });
    expect(d.name).toBe('novelty-32');
    expect(d.update(0, NaN).probability).toBe(0);
  });
});
