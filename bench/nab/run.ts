/**
 * NAB benchmark: `npm run bench:nab -- --data <dir> [--detector name[,name…]] [--no-files] [--no-speed]
 * [--seed n] [--if-psi n] [--if-trees n] [--if-height n] [--if-seeds a,b,…] [--ml-runs n] [--speed-reps n]`.
 * Runs each detector causally over every labelled file with ONE configuration (no labels, file names or file
 * lengths are used at run time), scores with the exact NAB scorer (corpus-wide threshold per profile) and prints
 * normalised scores, a per-file breakdown, points/s and peak memory, then the throughput figures.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import {
  createDetector,
  detectSeries,
  EpisodeScorer,
  FEATURE_COUNT,
  IsolationForest,
  IsolationForestOptions,
  thresholdForSensitivity,
} from '../../src/engine/detect';
import { StreamingDetector } from '../../src/engine/detect/streaming';
import { DetectorKind } from '../../src/engine/detect/types';
import { IsolationForest as MlIsolationForest } from 'ml-isolation-forest';
import { loadCorpus, NabCorpus } from './corpus';
import { IFOREST_DEFAULTS, IsolationForestDetector } from '../../src/engine/detect/iforestDetector';
import { MlIsolationForestDetector } from './mlForestDetector';
import {
  AnomalyPoint,
  normalizeScore,
  optimizeThreshold,
  PROFILE_NAMES,
  PROFILES,
  scoreFile,
  sweepScores,
} from './scorer';
import { createRng } from '../../src/engine/stats/random';

/** CPU time of this process in ms: throughput figures stay honest when other jobs share the cores. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** The single configuration used for every file. */
export const NAB_CONFIG = {
  sensitivity: 0.5,
  /** RNG seed (IsolationForest); `--seed n` overrides it for seed-spread checks. */
  seed: 42,
  /** IsolationForest rows per tree ψ; undefined = the detector's default (its whole 4096-row window). `--if-psi n`. */
  ifSampleSize: undefined as number | undefined,
  /** IsolationForest trees and height limit; undefined = the detector's defaults. `--if-trees n`, `--if-height n`. */
  ifTrees: undefined as number | undefined,
  ifHeight: undefined as number | undefined,
  /** Rows after a point during which only a 10^margin times more surprising point raises a new alarm. */
  suppress: 128,
  margin: 0.2,
};

const ENGINE_KINDS: DetectorKind[] = ['robust', 'seasonal', 'isolation-forest', 'novelty', 'ensemble'];
const ALL_DETECTORS = [...ENGINE_KINDS, 'ml-isolation-forest'];

/** Seeds of the IsolationForest seed-spread runs (`--if-seeds`); the first is NAB_CONFIG.seed. */
const IF_SEEDS = [1, 2, 3, 4];
/** Extra runs of the unseeded ml-isolation-forest for its spread (`--ml-runs n` in total). */
const ML_RUNS = 5;

function makeDetector(name: string): StreamingDetector {
  if (name === 'ml-isolation-forest') {
    return new MlIsolationForestDetector();
  }
  if (name === 'isolation-forest') {
    return new IsolationForestDetector({
      threshold: thresholdForSensitivity(NAB_CONFIG.sensitivity),
      seed: NAB_CONFIG.seed,
      sampleSize: NAB_CONFIG.ifSampleSize,
      trees: NAB_CONFIG.ifTrees,
      maxDepth: NAB_CONFIG.ifHeight,
    });
  }
  return createDetector(name as DetectorKind, {
    threshold: thresholdForSensitivity(NAB_CONFIG.sensitivity),
    seed: NAB_CONFIG.seed,
    detectPeriodOnline: true,
  });
}

/** Causal run over one file → NAB anomaly_score per row: the calibrated probability, 0 inside suppression. */
export function nabScores(
  name: string,
  times: number[],
  values: number[],
  make: (name: string) => StreamingDetector = makeDetector
): Float64Array {
  const detector = make(name);
  const episodes = new EpisodeScorer(NAB_CONFIG.suppress, NAB_CONFIG.margin);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const point = detector.update(times[i], values[i]);
    out[i] = episodes.update(point.probability);
  }
  return out;
}

interface DetectorRun {
  name: string;
  normalised: Record<string, number>;
  thresholds: Record<string, number>;
  perFile: Array<{ key: string; rows: number; standard: number; tp: number; fp: number; fn: number; windows: number }>;
  pointsPerSecond: number;
  peakHeapMb: number;
  peakRssMb: number;
}

export function runDetector(
  name: string,
  corpus: NabCorpus,
  make: (name: string) => StreamingDetector = makeDetector
): DetectorRun {
  const scoresByFile: Float64Array[] = [];
  let ms = 0;
  let points = 0;
  let peakHeap = 0;
  let peakRss = 0;
  for (const file of corpus.files) {
    const t0 = cpuMs();
    scoresByFile.push(nabScores(name, file.times, file.values, make));
    ms += cpuMs() - t0;
    points += file.values.length;
    const mem = process.memoryUsage();
    peakHeap = Math.max(peakHeap, mem.heapUsed);
    peakRss = Math.max(peakRss, mem.rss);
  }
  const normalised: Record<string, number> = {};
  const thresholds: Record<string, number> = {};
  let perFile: DetectorRun['perFile'] = [];
  for (const profileName of PROFILE_NAMES) {
    const profile = PROFILES[profileName];
    const pointsByFile = corpus.files.map((f, i) =>
      sweepScores(f.timestamps, scoresByFile[i], f.windows, f.key, profile)
    );
    const all: AnomalyPoint[] = ([] as AnomalyPoint[]).concat(...pointsByFile);
    const best = optimizeThreshold(all, profile);
    let total = 0;
    const files = corpus.files.map((f, i) => {
      const s = scoreFile(pointsByFile[i], best.threshold, profile);
      total += s.score;
      return {
        key: f.key,
        rows: f.values.length,
        standard: s.score,
        tp: s.tp,
        fp: s.fp,
        fn: s.fn,
        windows: f.windows.length,
      };
    });
    normalised[profileName] = normalizeScore(total, corpus.windowCount, profile);
    thresholds[profileName] = best.threshold;
    if (profileName === 'standard') {
      perFile = files;
    }
  }
  return {
    name,
    normalised,
    thresholds,
    perFile,
    pointsPerSecond: points / (ms / 1000),
    peakHeapMb: peakHeap / 2 ** 20,
    peakRssMb: peakRss / 2 ** 20,
  };
}

function pad(s: string | number, n: number, right = false): string {
  const text = String(s);
  return right ? text.padEnd(n) : text.padStart(n);
}

/** Default detector batch throughput: detectSeries on a long synthetic series (daily cycle + noise + spikes). */
function batchThroughput(kind: DetectorKind, n: number): number {
  const ts = new Float64Array(n);
  const vs = new Float64Array(n);
  const rand = createRng(1);
  for (let i = 0; i < n; i++) {
    ts[i] = 1.6e12 + i * 60000;
    vs[i] = 100 + 20 * Math.sin((2 * Math.PI * i) / 1440) + 5 * (rand() - 0.5) + (i % 9973 === 0 ? 80 : 0);
  }
  const t0 = cpuMs();
  const result = detectSeries(ts, vs, { kind });
  const ms = cpuMs() - t0;
  if (!result.ok) {
    throw new Error(result.message);
  }
  return n / (ms / 1000);
}

/** The forest the streaming detector uses in this run (its defaults unless --if-trees/--if-height/--if-psi). */
function detectorForest(): Required<Omit<IsolationForestOptions, 'seed' | 'extraDepth'>> {
  const sampleSize = NAB_CONFIG.ifSampleSize ?? IFOREST_DEFAULTS.trainingWindow;
  return {
    sampleSize,
    maxDepth: NAB_CONFIG.ifHeight ?? Math.ceil(Math.log2(sampleSize)) + IFOREST_DEFAULTS.extraDepth,
    trees: NAB_CONFIG.ifTrees ?? IFOREST_DEFAULTS.trees,
  };
}

function forestFigures(): Record<
  'oursTrainMs' | 'oursScoreMs' | 'mlTrainMs' | 'mlScoreMs' | 'psi256TrainMs' | 'psi256ScoreMs',
  number
> {
  const n = 10000;
  const d = FEATURE_COUNT;
  const rand = createRng(7);
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    rows.push(Array.from({ length: d }, () => rand() + (i % 500 === 0 ? 3 : 0)));
  }
  const flat = Float64Array.from(rows.flat());
  // Warm up the JIT, then keep the fastest of several repetitions: CPU time still grows when the other jobs on
  // this shared machine evict our caches, and the minimum is the figure least affected by them.
  const timeForest = (options: IsolationForestOptions, reps: number): [number, number] => {
    let train = Infinity;
    let score = Infinity;
    for (let k = 0; k < reps; k++) {
      let t0 = cpuMs();
      const forest = new IsolationForest({ ...options, seed: 42 + k }).fit(flat, d);
      train = Math.min(train, cpuMs() - t0);
      t0 = cpuMs();
      forest.scoreAll(flat, d);
      score = Math.min(score, cpuMs() - t0);
    }
    return [train, score];
  };
  timeForest(detectorForest(), 3);
  timeForest({}, 3);
  const [oursTrainMs, oursScoreMs] = timeForest(detectorForest(), 7);
  const [psi256TrainMs, psi256ScoreMs] = timeForest({}, 7);
  let mlTrainMs = Infinity;
  let mlScoreMs = Infinity;
  for (let k = 0; k < 2; k++) {
    let t0 = cpuMs();
    const ml = new MlIsolationForest({ nEstimators: 100 });
    ml.train(rows);
    mlTrainMs = Math.min(mlTrainMs, cpuMs() - t0);
    t0 = cpuMs();
    ml.predict(rows);
    mlScoreMs = Math.min(mlScoreMs, cpuMs() - t0);
  }
  return { oursTrainMs, oursScoreMs, mlTrainMs, mlScoreMs, psi256TrainMs, psi256ScoreMs };
}

function spread(values: number[]): string {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return `mean ${mean.toFixed(1)}, range ${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}`;
}

/**
 * Our seeded IsolationForest over several seeds next to several runs of the unseeded ml-isolation-forest: one run of
 * either is dominated by which few alarms land in 25 windows, so only the spreads compare.
 */
function printForestSpread(
  corpus: NabCorpus,
  ours: DetectorRun,
  ml: DetectorRun,
  seeds: number[],
  mlRuns: number
): void {
  const first = NAB_CONFIG.seed;
  const oursRuns = [ours];
  for (const s of seeds.filter((x) => x !== first)) {
    NAB_CONFIG.seed = s;
    oursRuns.push(runDetector('isolation-forest', corpus));
  }
  NAB_CONFIG.seed = first;
  const mlAll = [ml];
  for (let k = 1; k < mlRuns; k++) {
    mlAll.push(runDetector('ml-isolation-forest', corpus));
  }
  const oursSeeds = [first, ...seeds.filter((x) => x !== first)];
  console.log('');
  console.log('IsolationForest vs ml-isolation-forest, NAB over several runs (standard / low FP / low FN):');
  const row = (label: string, runs: DetectorRun[]) => {
    for (const [key, name] of [
      ['standard', 'standard'],
      ['reward_low_FP_rate', 'low FP'],
      ['reward_low_FN_rate', 'low FN'],
    ]) {
      const values = runs.map((r) => r.normalised[key]);
      console.log(
        `  ${pad(label, 44, true)} ${pad(name, 8, true)} ${values.map((v) => pad(v.toFixed(1), 5)).join(' ')}   ${spread(values)}`
      );
    }
  };
  row(`isolation-forest, seeds ${oursSeeds.join('/')}`, oursRuns);
  row(`ml-isolation-forest, ${mlAll.length} runs (unseeded)`, mlAll);
  // Difference of the mean standard scores with its standard error (runs are independent draws of each forest).
  const stats = (runs: DetectorRun[]) => {
    const x = runs.map((r) => r.normalised.standard);
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, x.length - 1);
    return { mean, se2: variance / x.length };
  };
  const a = stats(oursRuns);
  const b = stats(mlAll);
  console.log(
    `  standard mean ± s.e.: ours ${a.mean.toFixed(1)} ± ${Math.sqrt(a.se2).toFixed(1)} (${oursRuns.length} seeds), ` +
      `ml-isolation-forest ${b.mean.toFixed(1)} ± ${Math.sqrt(b.se2).toFixed(1)} (${mlAll.length} runs)`
  );
  console.log(
    `  standard, ours − ml-isolation-forest: ${(a.mean - b.mean).toFixed(1)} ± ${Math.sqrt(a.se2 + b.se2).toFixed(1)} (difference of means ± its standard error)`
  );
  const oursPps = oursRuns.reduce((a, r) => a + r.pointsPerSecond, 0) / oursRuns.length;
  const mlPps = mlAll.reduce((a, r) => a + r.pointsPerSecond, 0) / mlAll.length;
  console.log(
    `  streaming (features + forest + calibration + episodes): ${Math.round(oursPps)} vs ${Math.round(mlPps)} points/s, ratio ${(oursPps / mlPps).toFixed(1)}×`
  );
}

function main(): void {
  const args = process.argv.slice(2);
  const arg = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const dir = path.resolve(arg('--data') ?? path.join(__dirname, '../../../shared/data/nab'));
  const detectors = (arg('--detector') ?? ALL_DETECTORS.join(',')).split(',').map((s) => s.trim());
  for (const d of detectors) {
    if (!ALL_DETECTORS.includes(d)) {
      throw new Error(`--detector must be one of ${ALL_DETECTORS.join(', ')}, got ${JSON.stringify(d)}`);
    }
  }
  const seed = arg('--seed');
  const psi = arg('--if-psi');
  const ifTrees = arg('--if-trees');
  const ifHeight = arg('--if-height');
  for (const [flag, text] of [
    ['--if-trees', ifTrees],
    ['--if-height', ifHeight],
  ] as const) {
    if (text !== undefined && !(Number.isInteger(Number(text)) && Number(text) >= 1)) {
      throw new Error(`${flag} must be a positive integer, got ${JSON.stringify(text)}`);
    }
  }
  NAB_CONFIG.ifTrees = ifTrees !== undefined ? Number(ifTrees) : undefined;
  NAB_CONFIG.ifHeight = ifHeight !== undefined ? Number(ifHeight) : undefined;
  const ifSeedsArg = arg('--if-seeds');
  const mlRunsArg = arg('--ml-runs');
  if (seed !== undefined) {
    NAB_CONFIG.seed = Number(seed);
  }
  if (psi !== undefined) {
    NAB_CONFIG.ifSampleSize = Number(psi);
  }
  if (
    !Number.isFinite(NAB_CONFIG.seed) ||
    !(
      NAB_CONFIG.ifSampleSize === undefined ||
      (Number.isInteger(NAB_CONFIG.ifSampleSize) && NAB_CONFIG.ifSampleSize >= 2)
    )
  ) {
    throw new Error(`--seed must be a number and --if-psi an integer ≥ 2, got ${seed} and ${psi}`);
  }
  const ifSeeds = ifSeedsArg !== undefined ? ifSeedsArg.split(',').map(Number) : IF_SEEDS;
  const mlRuns = mlRunsArg !== undefined ? Number(mlRunsArg) : ML_RUNS;
  if (!ifSeeds.every(Number.isFinite) || !(Number.isInteger(mlRuns) && mlRuns >= 1)) {
    throw new Error(`--if-seeds must be numbers and --ml-runs an integer ≥ 1, got ${ifSeedsArg} and ${mlRunsArg}`);
  }
  const corpus = loadCorpus(dir);
  const rows = corpus.files.reduce((s, f) => s + f.values.length, 0);
  console.log(`NAB corpus ${dir}: ${corpus.files.length} files, ${corpus.windowCount} windows, ${rows} rows`);
  console.log(`config: ${JSON.stringify(NAB_CONFIG)} (same for every file)`);
  const loadAverage = () =>
    `load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} on ${os.cpus().length} cores`;
  // The forest timings first, in a fresh process: after the NAB runs the heap holds ~150 MB of ml-isolation-forest
  // trees, and the CPU time of the garbage collector's threads would be charged to whichever forest is being timed.
  const speedRepsArg = arg('--speed-reps');
  const speedReps = speedRepsArg !== undefined ? Number(speedRepsArg) : 1;
  if (!(Number.isInteger(speedReps) && speedReps >= 1)) {
    throw new Error(`--speed-reps must be a positive integer, got ${JSON.stringify(speedRepsArg)}`);
  }
  const forestLoads: string[] = [];
  const forests: Array<ReturnType<typeof forestFigures>> = [];
  for (let k = 0; k < (args.includes('--no-speed') ? 0 : speedReps); k++) {
    forestLoads.push(loadAverage());
    forests.push(forestFigures());
  }
  const runs = detectors.map((d) => runDetector(d, corpus));
  console.log('');
  console.log(
    `${pad('detector', 22, true)} ${pad('standard', 9)} ${pad('low FP', 9)} ${pad('low FN', 9)} ${pad('points/s', 10)} ${pad('peak heap MB', 13)}`
  );
  for (const r of runs) {
    console.log(
      `${pad(r.name, 22, true)} ${pad(r.normalised.standard.toFixed(1), 9)} ${pad(r.normalised.reward_low_FP_rate.toFixed(1), 9)} ${pad(
        r.normalised.reward_low_FN_rate.toFixed(1),
        9
      )} ${pad(Math.round(r.pointsPerSecond), 10)} ${pad(r.peakHeapMb.toFixed(0), 13)}`
    );
  }
  if (!args.includes('--no-files')) {
    for (const r of runs) {
      console.log('');
      console.log(`per file, ${r.name}, standard profile (threshold ${r.thresholds.standard.toFixed(6)}):`);
      for (const f of r.perFile) {
        console.log(
          `  ${pad(f.key, 62, true)} ${pad(f.standard.toFixed(3), 8)}  win ${f.windows}  TP rows ${pad(f.tp, 4)}  FP rows ${pad(f.fp, 4)}`
        );
      }
    }
  }
  const ours = runs.find((r) => r.name === 'isolation-forest');
  const ml = runs.find((r) => r.name === 'ml-isolation-forest');
  if (ours && ml) {
    printForestSpread(corpus, ours, ml, ifSeeds, mlRuns);
  }
  if (!args.includes('--no-speed')) {
    console.log('');
    console.log('throughput figures are CPU time of this process (single core), so they hold on a shared machine:');
    console.log(`(${loadAverage()} before the batch figures)`);
    for (const [kind, n] of [
      ['auto', 1_000_000],
      ['ensemble', 100_000],
    ] as Array<[DetectorKind, number]>) {
      batchThroughput(kind, Math.min(n, 100_000));
      console.log(
        `batch throughput detectSeries(kind '${kind}'), ${n.toLocaleString('en-US')} points: ${Math.round(batchThroughput(kind, n)).toLocaleString('en-US')} points/s`
      );
    }
    const { sampleSize, maxDepth, trees } = detectorForest();
    forests.forEach((f, k) => {
      console.log(
        `forest figures, measurement ${k + 1} of ${forests.length}, before the NAB runs (${forestLoads[k]}):`
      );
      console.log(
        `IsolationForest 10k × 16 as the detector uses it (ψ ${sampleSize}, height ${maxDepth}, ${trees} trees): ` +
          `train ${f.oursTrainMs.toFixed(1)} ms, score ${f.oursScoreMs.toFixed(1)} ms`
      );
      console.log(
        `ml-isolation-forest 10k × 16, 100 trees (every row in every tree): train ${f.mlTrainMs.toFixed(0)} ms, score ${f.mlScoreMs.toFixed(0)} ms`
      );
      console.log(
        `IsolationForest throughput ratio ours / ml-isolation-forest: train ${(f.mlTrainMs / f.oursTrainMs).toFixed(0)}×, score ${(f.mlScoreMs / f.oursScoreMs).toFixed(0)}×, ` +
          `train + score ${((f.mlTrainMs + f.mlScoreMs) / (f.oursTrainMs + f.oursScoreMs)).toFixed(0)}×`
      );
      console.log(
        `IsolationForest textbook ψ 256, 100 trees: train ${f.psi256TrainMs.toFixed(1)} ms, score ${f.psi256ScoreMs.toFixed(1)} ms, ` +
          `train + score ratio ${((f.mlTrainMs + f.mlScoreMs) / (f.psi256TrainMs + f.psi256ScoreMs)).toFixed(0)}×`
      );
    });
    console.log(`peak RSS ${Math.max(...runs.map((r) => r.peakRssMb)).toFixed(0)} MB (${loadAverage()} after)`);
  }
}

if (require.main === module) {
  main();
}
