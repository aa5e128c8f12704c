/** Seeded synthetic series with known anomalies, shared by the detector tests (not used at run time). */
import { createRng } from '../stats/random';

export interface Generated {
  timestamps: number[];
  values: number[];
}

export const STEP_MS = 5 * 60_000;
export const START_MS = Date.UTC(2024, 0, 1);

/** Daily-like cycle (period samples) + Gaussian-ish noise (sum of uniforms), with hooks to inject anomalies. */
export function seasonalSeries(
  n: number,
  { period = 48, amplitude = 10, noise = 1, level = 100, seed = 1 } = {},
  inject: (i: number, base: number, noise: number) => number = (_i, base, e) => base + e
): Generated {
  const rng = createRng(seed);
  const timestamps: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const e = (rng() + rng() + rng() + rng() - 2) * noise * 1.73;
    const base = level + (period > 0 ? amplitude * Math.sin((2 * Math.PI * i) / period) : 0);
    timestamps.push(START_MS + i * STEP_MS);
    values.push(inject(i, base, e));
  }
  return { timestamps, values };
}
