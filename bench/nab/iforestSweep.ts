/**
 * Seed sweep of IsolationForest variants on NAB (development tool): `tsx bench/nab/iforestSweep.ts --data <dir>
 * --variant '{"trees":50,"forest":{"constantFeature":"spend"}}' --seeds 16 [--ml-runs n]`.
 * Prints the standard / low FP / low FN scores per seed and their mean ± standard error.
 */
import * as path from 'node:path';
import { loadCorpus } from './corpus';
import { runDetector, NAB_CONFIG } from './run';
import { IsolationForestDetector, IsolationForestDetectorOptions } from '../../src/engine/detect/iforestDetector';
import { thresholdForSensitivity } from '../../src/engine/detect';
import { MlIsolationForestDetector } from './mlForestDetector';

function meanSe(x: number[]): string {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  const v = x.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, x.length - 1);
  return `${m.toFixed(2)} ± ${Math.sqrt(v / x.length).toFixed(2)}`;
}

function main(): void {
  const args = process.argv.slice(2);
  const arg = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const corpus = loadCorpus(path.resolve(arg('--data') ?? '../shared/data/nab'));
  const variant = JSON.parse(arg('--variant') ?? '{}') as IsolationForestDetectorOptions;
  const seeds = Number(arg('--seeds') ?? 16);
  const mlRuns = Number(arg('--ml-runs') ?? 0);
  const std: number[] = [];
  const fp: number[] = [];
  const fn: number[] = [];
  let pps = 0;
  const first = arg('--first');
  const list =
    first !== undefined
      ? Array.from({ length: seeds }, (_, i) => i + Number(first))
      : [42, ...Array.from({ length: seeds - 1 }, (_, i) => i + 1)];
  for (const seed of seeds > 0 ? list : []) {
    const run = runDetector(
      'isolation-forest',
      corpus,
      () =>
        new IsolationForestDetector({ threshold: thresholdForSensitivity(NAB_CONFIG.sensitivity), ...variant, seed })
    );
    std.push(run.normalised.standard);
    fp.push(run.normalised.reward_low_FP_rate);
    fn.push(run.normalised.reward_low_FN_rate);
    pps += run.pointsPerSecond / list.length;
  }
  console.log(`variant ${JSON.stringify(variant)}, ${list.length} seeds, ${Math.round(pps)} points/s`);
  console.log(`  standard ${std.map((x) => x.toFixed(1)).join(' ')}  → ${meanSe(std)}`);
  console.log(`  low FP ${meanSe(fp)}   low FN ${meanSe(fn)}`);
  if (mlRuns > 0) {
    const ml: number[] = [];
    for (let k = 0; k < mlRuns; k++) {
      ml.push(
        runDetector(
          'ml',
          corpus,
          () => new MlIsolationForestDetector({ recalibrateOnFit: !args.includes('--ml-no-recalibrate') })
        ).normalised.standard
      );
    }
    console.log(`  ml-isolation-forest standard ${ml.map((x) => x.toFixed(1)).join(' ')}  → ${meanSe(ml)}`);
  }
}

main();
