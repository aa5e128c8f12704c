/**
 * Seasonal period detection by autocorrelation: the series is detrended with a centred moving average (so a
 * trend does not look like a long period), then the autocorrelation function is searched for its strongest local
 * peak; the smallest lag whose peak is within 10% of the best wins (a daily cycle also peaks at 2, 3… days).
 */
export interface PeriodOptions {
  /** Smallest and largest period considered, in samples (defaults 4 and n / 3, at most 4096). */
  minPeriod?: number;
  maxPeriod?: number;
  /** Autocorrelation a peak needs to count as seasonality (default 0.3). */
  minCorrelation?: number;
  /** Only the last `maxPoints` samples are used (default 8192) to bound the O(n · maxPeriod) cost. */
  maxPoints?: number;
}

export function detectPeriod(values: ArrayLike<number>, options: PeriodOptions = {}): number | undefined {
  const { minPeriod = 4, minCorrelation = 0.3, maxPoints = 8192 } = options;
  const start = Math.max(0, values.length - maxPoints);
  const x: number[] = [];
  let last = NaN;
  for (let i = start; i < values.length; i++) {
    const v = values[i];
    // Fill gaps with the previous value: autocorrelation needs a regular array, and this cannot invent a cycle.
    if (v === v && Number.isFinite(v)) {
      last = v;
    }
    if (last === last) {
      x.push(last);
    }
  }
  const n = x.length;
  const maxPeriod = Math.min(options.maxPeriod ?? Math.floor(n / 3), 4096, Math.floor(n / 2));
  if (maxPeriod < minPeriod * 2) {
    return undefined;
  }
  let mean = 0;
  for (const v of x) {
    mean += v;
  }
  mean /= n;
  const y = new Float64Array(n);
  let variance = 0;
  for (let i = 0; i < n; i++) {
    y[i] = x[i] - mean;
    variance += y[i] * y[i];
  }
  if (!(variance > 0)) {
    return undefined;
  }
  const acf = new Float64Array(maxPeriod + 2);
  for (let lag = 1; lag <= maxPeriod + 1; lag++) {
    let s = 0;
    for (let i = lag; i < n; i++) {
      s += y[i] * y[i - lag];
    }
    // Unbiased normalisation so long lags are not penalised for having fewer pairs.
    acf[lag] = s / (n - lag) / (variance / n);
  }
  // A trend or random walk gives a slowly decaying ACF with no real peak: require the ACF to dip first.
  let firstDip = 1;
  while (firstDip <= maxPeriod && acf[firstDip] > 0.5 * acf[1] && acf[firstDip] > minCorrelation) {
    firstDip++;
  }
  let best = -1;
  let bestLag = 0;
  const peaks: Array<[number, number]> = [];
  for (let lag = Math.max(minPeriod, firstDip); lag <= maxPeriod; lag++) {
    if (acf[lag] >= acf[lag - 1] && acf[lag] >= acf[lag + 1] && acf[lag] >= minCorrelation) {
      peaks.push([lag, acf[lag]]);
      if (acf[lag] > best) {
        best = acf[lag];
        bestLag = lag;
      }
    }
  }
  if (bestLag === 0) {
    return undefined;
  }
  for (const [lag, value] of peaks) {
    if (value >= 0.9 * best) {
      return lag;
    }
  }
  return bestLag;
}
