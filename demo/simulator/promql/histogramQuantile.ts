// histogram_quantile() over classic buckets, as Prometheus 2.x computes it (promql/quantile.go bucketQuantile).

export interface Bucket {
  upperBound: number;
  /** Cumulative count. */
  count: number;
}

/**
 * The q-quantile, interpolating linearly inside the bucket the rank falls in. Buckets with the same bound are
 * merged, counts are forced monotonic (scrape races can break that), a rank in the +Inf bucket answers the
 * highest finite bound, and the first bucket is taken to start at 0 (unless its bound is <= 0).
 */
export function bucketQuantile(q: number, input: readonly Bucket[]): number {
  if (Number.isNaN(q)) {
    return NaN;
  }
  if (q < 0) {
    return -Infinity;
  }
  if (q > 1) {
    return Infinity;
  }
  const sorted = [...input].sort((a, b) => a.upperBound - b.upperBound);
  if (sorted.length === 0 || sorted[sorted.length - 1].upperBound !== Infinity) {
    return NaN;
  }
  const buckets: Bucket[] = [];
  for (const b of sorted) {
    const last = buckets[buckets.length - 1];
    if (last && last.upperBound === b.upperBound) {
      last.count += b.count;
    } else {
      buckets.push({ ...b });
    }
  }
  let max = -Infinity;
  for (const b of buckets) {
    if (b.count < max) {
      b.count = max;
    } else {
      max = b.count;
    }
  }
  if (buckets.length < 2) {
    return NaN;
  }
  const observations = buckets[buckets.length - 1].count;
  if (observations === 0) {
    return NaN;
  }
  let rank = q * observations;
  let b = buckets.length - 1;
  for (let i = 0; i < buckets.length - 1; i++) {
    if (buckets[i].count >= rank) {
      b = i;
      break;
    }
  }
  if (b === buckets.length - 1) {
    return buckets[buckets.length - 2].upperBound;
  }
  if (b === 0 && buckets[0].upperBound <= 0) {
    return buckets[0].upperBound;
  }
  let bucketStart = 0;
  const bucketEnd = buckets[b].upperBound;
  let count = buckets[b].count;
  if (b > 0) {
    bucketStart = buckets[b - 1].upperBound;
    count -= buckets[b - 1].count;
    rank -= buckets[b - 1].count;
  }
  return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}
