import { bucketQuantile } from './histogramQuantile';

const buckets = (...pairs: Array<[number, number]>) => pairs.map(([upperBound, count]) => ({ upperBound, count }));

describe('bucketQuantile (Prometheus histogram_quantile)', () => {
  const h = buckets([0.1, 10], [0.5, 30], [1, 40], [Infinity, 40]);
  it.each([
    // rank 20 falls in (0.1, 0.5] holding 20: 0.1 + 0.4 * (20-10)/20
    { q: 0.5, b: h, want: 0.3 },
    // rank 38 in (0.5, 1] holding 10: 0.5 + 0.5 * (38-30)/10
    { q: 0.95, b: h, want: 0.9 },
    // rank 2 in the first bucket, which starts at 0: 0.1 * 2/10
    { q: 0.05, b: h, want: 0.02 },
    // rank 18 in +Inf: the highest finite bound
    { q: 0.9, b: buckets([0.1, 10], [Infinity, 20]), want: 0.1 },
    // non-monotonic counts are raised to the running maximum: rank 10 reached in the first bucket
    { q: 0.5, b: buckets([0.1, 10], [0.5, 8], [1, 20], [Infinity, 20]), want: 0.1 },
    // input order does not matter, duplicate bounds are merged
    { q: 0.5, b: buckets([Infinity, 40], [1, 40], [0.5, 20], [0.5, 10], [0.1, 10]), want: 0.3 },
    { q: -1, b: h, want: -Infinity },
    { q: 2, b: h, want: Infinity },
  ])('q=$q -> $want', ({ q, b, want }) => {
    expect(bucketQuantile(q, b)).toBeCloseTo(want, 12);
  });

  it.each([
    ['no +Inf bucket', buckets([0.1, 1], [1, 2])],
    ['no observations', buckets([0.1, 0], [Infinity, 0])],
    ['only +Inf', buckets([Infinity, 5])],
  ])('%s -> NaN', (_name, b) => {
    expect(bucketQuantile(0.5, b)).toBeNaN();
  });
});
