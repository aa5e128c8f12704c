/**
 * Micro benchmark of our IsolationForest on the 10k × 16 rows of run.ts's throughput figure (development tool, for
 * profiling: bundle with esbuild and run under `node --cpu-prof`): `tsx bench/nab/forestSpeed.ts [reps]`.
 * Prints the fastest train and score times and a checksum of the scores (must not change when only speed changes).
 */
import { IsolationForest } from '../../src/engine/detect/isolationForest';
import { IFOREST_DEFAULTS } from '../../src/engine/detect/iforestDetector';
import { createRng } from '../../src/engine/stats/random';

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function main(): void {
  const reps = Number(process.argv[2] ?? 20);
  const n = 10000;
  const d = 16;
  const rand = createRng(7);
  const flat = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < d; f++) {
      flat[i * d + f] = rand() + (i % 500 === 0 ? 3 : 0);
    }
  }
  const sampleSize = IFOREST_DEFAULTS.trainingWindow;
  const options = {
    sampleSize,
    trees: IFOREST_DEFAULTS.trees,
    maxDepth: Math.ceil(Math.log2(sampleSize)) + IFOREST_DEFAULTS.extraDepth,
  };
  let train = Infinity;
  let score = Infinity;
  let checksum = 0;
  for (let k = 0; k < reps; k++) {
    let t0 = cpuMs();
    const forest = new IsolationForest({ ...options, seed: 42 + k }).fit(flat, d);
    train = Math.min(train, cpuMs() - t0);
    t0 = cpuMs();
    const scores = forest.scoreAll(flat, d);
    score = Math.min(score, cpuMs() - t0);
    if (k === 0) {
      for (let i = 0; i < n; i++) {
        checksum += scores[i] * ((i % 97) + 1);
      }
    }
  }
  console.log(
    `train ${train.toFixed(1)} ms, score ${score.toFixed(1)} ms, total ${(train + score).toFixed(1)} ms, checksum ${checksum.toFixed(9)}`
  );
}

main();
