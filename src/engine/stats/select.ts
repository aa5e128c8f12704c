/**
 * Order statistics by selection (quickselect) on a scratch buffer: the k-th smallest of n values in O(n) on average,
 * without sorting. Used where a median/MAD is needed only now and then (batch detectors refresh every 64 points), so
 * keeping a sorted window up to date on every point would cost more than selecting on demand.
 * Values must not contain NaN (comparisons with NaN would leave the partition undefined).
 */

/**
 * Rearranges `a[0..n)` so that `a[k]` holds the k-th smallest value (0-based), everything before it is ≤ and
 * everything after it is ≥. Returns `a[k]`.
 */
export function selectInPlace(a: Float64Array, n: number, k: number): number {
  if (!(k >= 0 && k < n && n <= a.length)) {
    throw new RangeError(`selectInPlace: k must be in 0..${n - 1} and n ≤ ${a.length}, got k=${k}, n=${n}`);
  }
  let lo = 0;
  let hi = n - 1;
  while (hi - lo >= 16) {
    // Median of three as pivot keeps sorted and reversed windows (trends) linear.
    const mid = (lo + hi) >>> 1;
    if (a[mid] < a[lo]) {
      swap(a, mid, lo);
    }
    if (a[hi] < a[lo]) {
      swap(a, hi, lo);
    }
    if (a[hi] < a[mid]) {
      swap(a, hi, mid);
    }
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) {
        i++;
      }
      while (a[j] > pivot) {
        j--;
      }
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    // Now a[lo..j] ≤ pivot ≤ a[i..hi], and a[j+1..i-1] equal the pivot.
    if (k <= j) {
      hi = j;
    } else if (k >= i) {
      lo = i;
    } else {
      return a[k];
    }
  }
  // Insertion sort for the last short range: fewer branches than partitioning it.
  for (let i = lo + 1; i <= hi; i++) {
    const x = a[i];
    let j = i - 1;
    while (j >= lo && a[j] > x) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = x;
  }
  return a[k];
}

/** Smallest of `a[from..n)` (after `selectInPlace(a, n, from - 1)`, the next order statistic). */
export function minFrom(a: Float64Array, from: number, n: number): number {
  let m = a[from];
  for (let i = from + 1; i < n; i++) {
    if (a[i] < m) {
      m = a[i];
    }
  }
  return m;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/**
 * The k-th and the next order statistic (index min(k + 1, n − 1)) of `values[0..n)`, found by a guess: one branchless
 * pass counts the values below `low` and gathers those inside [low, high] into `band`, and only the band is selected.
 * Returns false when the guess band does not hold both (the caller then selects on the whole window); `values` is not
 * modified. `band` needs room for n values.
 */
export function orderPairInBand(
  values: Float64Array,
  n: number,
  k: number,
  low: number,
  high: number,
  band: Float64Array,
  out: Float64Array
): boolean {
  let below = 0;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    // Numeric booleans instead of branches: which side a value falls on is unpredictable.
    below += +(x < low);
    band[m] = x;
    m += +(x >= low) & +(x <= high);
  }
  return pickPair(band, m, below, k, n, low, high, out);
}

/** `orderPairInBand` over the distances |values[i] − centre| (without materialising them). */
export function distancePairInBand(
  values: Float64Array,
  centre: number,
  k: number,
  low: number,
  high: number,
  band: Float64Array,
  out: Float64Array
): boolean {
  const n = values.length;
  let below = 0;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const x = Math.abs(values[i] - centre);
    below += +(x < low);
    band[m] = x;
    m += +(x >= low) & +(x <= high);
  }
  return pickPair(band, m, below, k, n, low, high, out);
}

function pickPair(
  band: Float64Array,
  m: number,
  below: number,
  k: number,
  n: number,
  low: number,
  high: number,
  out: Float64Array
): boolean {
  const next = Math.min(k + 1, n - 1);
  if (k < below || next >= below + m) {
    return false;
  }
  if (m < BUCKETED_FROM || !pairByBuckets(band, m, k - below, next === k, low, high, out)) {
    const first = selectInPlace(band, m, k - below);
    out[0] = first;
    out[1] = next === k ? first : minFrom(band, k - below + 1, m);
  }
  return true;
}

/**
 * The k-th smallest of `a[0..n)` into `out[0]` and the next one (index min(k + 1, n − 1)) into `out[1]`; `a` is
 * reordered. Long arrays go through value buckets (see `pairByBuckets`), short ones through quickselect.
 */
export function selectPair(a: Float64Array, n: number, k: number, out: Float64Array): void {
  if (!(k >= 0 && k < n && n <= a.length)) {
    throw new RangeError(`selectPair: k must be in 0..${n - 1} and n ≤ ${a.length}, got k=${k}, n=${n}`);
  }
  const sameIndex = k + 1 >= n;
  if (n >= BUCKETED_FROM) {
    let low = a[0];
    let high = a[0];
    for (let i = 1; i < n; i++) {
      const x = a[i];
      low = x < low ? x : low;
      high = x > high ? x : high;
    }
    if (pairByBuckets(a, n, k, sameIndex, low, high, out)) {
      return;
    }
  }
  const first = selectInPlace(a, n, k);
  out[0] = first;
  out[1] = sameIndex ? first : minFrom(a, k + 1, n);
}

/** Bands at least this long are narrowed by buckets first; on shorter ones quickselect is as fast. */
const BUCKETED_FROM = 48;
const BUCKETS = 64;
const bucketCounts = new Int32Array(BUCKETS);

/**
 * The r-th and (r + 1)-th smallest of `band[0..m)` (all inside [low, high]) by one counting pass over 64 equal-width
 * value buckets, then selection inside the one bucket that holds rank r. A value's bucket never decreases as the
 * value grows (IEEE subtraction, multiplication by a positive constant and truncation are all monotone), so bucket
 * order is value order and the result is exact. Quickselect on a long band mispredicts most of its branches; this
 * walks the band twice with one data-dependent branch each. `band` is reordered. False (band untouched) when the
 * band width cannot be bucketed (zero, infinite, or too small to scale).
 */
function pairByBuckets(
  band: Float64Array,
  m: number,
  r: number,
  sameIndex: boolean,
  low: number,
  high: number,
  out: Float64Array
): boolean {
  const scale = BUCKETS / (high - low);
  if (!(scale > 0 && scale < Infinity)) {
    return false;
  }
  const counts = bucketCounts;
  counts.fill(0);
  for (let i = 0; i < m; i++) {
    const b = ((band[i] - low) * scale) | 0;
    counts[b < BUCKETS ? b : BUCKETS - 1]++;
  }
  let target = 0;
  let before = 0;
  while (before + counts[target] <= r) {
    before += counts[target++];
  }
  // Gather the target bucket to the front (writes never pass the read position) and, in the same pass, the smallest
  // value of the later buckets: the (r + 1)-th when rank r is the last of its bucket.
  let c = 0;
  let laterMin = Infinity;
  for (let i = 0; i < m; i++) {
    const x = band[i];
    const raw = ((x - low) * scale) | 0;
    const b = raw < BUCKETS ? raw : BUCKETS - 1;
    if (b === target) {
      band[c++] = x;
    } else if (b > target && x < laterMin) {
      laterMin = x;
    }
  }
  const first = selectInPlace(band, c, r - before);
  out[0] = first;
  out[1] = sameIndex ? first : r - before + 1 < c ? minFrom(band, r - before + 1, c) : laterMin;
  return true;
}
