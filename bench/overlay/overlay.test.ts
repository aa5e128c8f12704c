import { existsSync } from 'node:fs';
import { BenchPage, openBenchPage, runDetectorBench } from './harness';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Validates the benchmark harness at a small scale (10 series × 2,000 points): every series goes through the worker
 * and comes back as an overlay frame, the injected spikes are found, the refresh is served from the kept models and
 * the slid range resumes each series' model.
 * Timing is printed by `npm run bench:overlay`, never asserted here (the machine is shared).
 */
(existsSync(CHROMIUM) ? describe : describe.skip)('overlay benchmark harness (Chromium)', () => {
  let bench: BenchPage;
  beforeAll(async () => {
    bench = await openBenchPage();
  });
  afterAll(async () => {
    await bench?.close();
  });

  it('scores every series in a Web Worker, finds the injected spikes and reuses the cache on refresh', async () => {
    const [cold, warm, refresh, slide] = await runDetectorBench(bench.page, 'robust', 10, 2000, 1);
    for (const run of [cold, warm, refresh, slide]) {
      // 10 trimmed originals + 10 overlay frames + 1 annotation frame.
      expect(run.outputFrames).toBe(21);
      expect(run.anomalies).toBeGreaterThan(0);
      expect(run.totalMs).toBeGreaterThan(0);
    }
    expect(cold.fromCache).toBe(0);
    expect(cold.workerComputeMs).toBeGreaterThan(0);
    // Served from each series' kept state: nothing scored again.
    expect(refresh.fromCache).toBe(10);
    expect(refresh.reusedPoints).toBe(0);
    expect(refresh.anomalies).toBe(warm.anomalies);
    // Slid by 20 points: every series resumes its model; 1,980 of its 2,000 points are reused.
    expect(slide.fromCache).toBe(0);
    expect(slide.reusedPoints).toBe(10 * 1980);
  });
});
