/**
 * Worker-side cost of the robust detector per 10,000-point series, in Node (npx tsx bench/overlay/detector.ts):
 * the streaming RobustDetector driven point by point (what detectSeries did before the batch path), the batch path
 * (`scoreRobustBatch`), `detectSeries` end to end with and without the training points' outputs (the worker asks
 * for the panel's points only: `trimTraining`), and a resumed series slid by 1 %. CPU time (process.cpuUsage), not
 * wall time, so other jobs on the shared cores move the figures less; best of 5 rounds of 40 series.
 */
import { detectSeries, detectSeriesResumable, ResumableDetection } from '../../src/engine/detect';
import { BATCH_ROBUST } from '../../src/engine/detect/detectors';
import { RobustDetector } from '../../src/engine/detect/robust';
import { scoreRobustBatch } from '../../src/engine/detect/robustBatch';
import { thresholdForSensitivity } from '../../src/engine/detect/alarms';
import { createRng } from '../../src/engine/stats/random';

const POINTS = 10_000;
const SLIDE = 100;
const SERIES = 40;
const MIN = 60_000;

/** The overlay bench's series shape: random walk, daily cycle, spikes, a level shift, nulls. */
function makeSeries(seed: number): { timestamps: Float64Array; values: Float64Array } {
  const random = createRng(seed);
  const n = POINTS + SLIDE;
  const timestamps = new Float64Array(n);
  const values = new Float64Array(n);
  let level = 100;
  for (let i = 0; i < n; i++) {
    timestamps[i] = i * MIN;
    level += (random() - 0.5) * 0.8;
    const spike = i % 2500 === 1777 ? 40 : 0;
    const step = i > POINTS * 0.9 && seed % 10 === 0 ? 25 : 0;
    values[i] = i % 997 === 5 ? NaN : level + 5 * Math.sin((2 * Math.PI * i) / 1440) + spike + step + random();
  }
  return { timestamps, values };
}

const data = Array.from({ length: SERIES }, (_, s) => makeSeries(s + 1));
const threshold = thresholdForSensitivity(0.5);
const training = (POINTS * 3) / 4;
/** What the overlay's worker asks for: only the panel's points come back (src/datasource/detection/runDetection.ts). */
const trimmed = { kind: 'robust' as const, trainingPoints: training, trimTraining: true };

type Series = { timestamps: Float64Array; values: Float64Array };

/** Best of 5 rounds; `setup` runs untimed before each round (fresh state for runs that consume it). */
function cpuMsPerSeries(run: (series: Series, index: number) => void, setup = () => {}): number {
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    setup();
    const start = process.cpuUsage();
    data.forEach(run);
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000 / SERIES);
  }
  return best;
}

let states: Array<ResumableDetection | undefined> = [];

const first = (s: Series) => ({
  timestamps: s.timestamps.subarray(0, POINTS),
  values: s.values.subarray(0, POINTS),
});

const figures: Array<[string, number]> = [
  [
    'streaming RobustDetector (point by point)',
    cpuMsPerSeries((s) => {
      const detector = new RobustDetector({ threshold, ...BATCH_ROBUST });
      for (let i = 0; i < POINTS; i++) {
        detector.update(s.timestamps[i], s.values[i]);
      }
    }),
  ],
  ['batch scoreRobustBatch', cpuMsPerSeries((s) => scoreRobustBatch(first(s).values, { threshold, ...BATCH_ROBUST }))],
  [
    'detectSeries robust (clean + score + alarms + explain)',
    cpuMsPerSeries((s) =>
      detectSeries(first(s).timestamps, first(s).values, { kind: 'robust', trainingPoints: training })
    ),
  ],
  [
    'detectSeries robust, training learnt only (the worker)',
    cpuMsPerSeries((s) => detectSeries(first(s).timestamps, first(s).values, trimmed)),
  ],
  [
    `the worker's path, range slid by ${SLIDE} points (resumed)`,
    cpuMsPerSeries(
      (s, i) => {
        detectSeriesResumable(s.timestamps.subarray(SLIDE), s.values.subarray(SLIDE), trimmed, states[i]);
      },
      () => {
        states = data.map((s) => detectSeriesResumable(first(s).timestamps, first(s).values, trimmed).resumable);
      }
    ),
  ],
];

console.log(
  `Robust detector, CPU ms per ${POINTS}-point series (best of 5 rounds × ${SERIES} series, Node ${process.version})`
);
for (const [label, ms] of figures) {
  console.log(`${label.padEnd(58)} ${ms.toFixed(2).padStart(7)} ms`);
}
