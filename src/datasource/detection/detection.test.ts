import type { SeriesOutcome, SeriesToScore } from '../frames';
import { batchSeries } from './backendDetection';
import { fingerprint, ModelCache } from './modelCache';
import { detectSeriesResumable } from '../../engine/detect';
import { CachedDetector } from './runDetection';
import { detectionPoolSize, InlineRunner } from './runner';
import { outcomeFromWire, outcomeToWire, seriesFromWire, seriesToWire } from './wire';

const T0 = Date.UTC(2026, 10, 22);
const MIN = 60_000;

function series(n: number, spikeAt = -1, seed = 3): { timestamps: Float64Array; values: Float64Array } {
  let state = seed;
  const timestamps = new Float64Array(n);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    state = (state * 16807) % 2147483647;
    timestamps[i] = T0 + i * MIN;
    values[i] = i === spikeAt ? 50 : 10 + state / 2147483647;
  }
  return { timestamps, values };
}

const cannot = (message: string): SeriesOutcome => ({ ok: false, reason: 'too-short', message });

describe('ModelCache', () => {
  it('evicts the least recently used entries beyond the point budget', () => {
    const cache = new ModelCache(3);
    cache.set('a', cannot('a'));
    cache.set('b', cannot('b'));
    cache.set('c', cannot('c'));
    cache.get('a');
    cache.set('d', cannot('d'));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toEqual(cannot('a'));
    expect(cache.size).toBe(3);
    expect(() => new ModelCache(0)).toThrow('ModelCache maxPoints must be > 0, got 0');
  });

  it('fingerprints change with any sample', () => {
    const { timestamps, values } = series(100);
    const before = fingerprint(timestamps, values);
    values[57] += 1e-9;
    expect(fingerprint(timestamps, values)).not.toBe(before);
  });
});

describe('CachedDetector', () => {
  // Robust kinds reuse their kept resumable state; the others the model cache.
  it.each(['robust', 'novelty'] as const)(
    'reuses the fitted result for the same series, range and options, and refits when the data changes (%s)',
    (kind) => {
      const detector = new CachedDetector();
      const options = { kind, sensitivity: 0.5, seasonality: 'auto' as const, seed: 42 };
      const { timestamps, values } = series(400, 350);
      const first = detector.run('s|k', timestamps, values, 200, options);
      const again = detector.run('s|k', timestamps, values, 200, options);
      expect(first.fromCache).toBe(false);
      expect(again.fromCache).toBe(true);
      expect(again.outcome).toEqual(first.outcome);
      // The copy handed out is independent of the cached one (the worker transfers it).
      if (again.outcome.ok) {
        again.outcome.expected.fill(0);
      }
      expect(detector.run('s|k', timestamps, values, 200, options).outcome).toEqual(first.outcome);
      values[10] += 1;
      expect(detector.run('s|k', timestamps, values, 200, options).fromCache).toBe(false);
      expect(detector.run('s|k', timestamps, values, 200, { ...options, sensitivity: 0.9 }).fromCache).toBe(false);
      // Only the points after the 200 training points come back.
      expect(first.outcome.ok && Array.from(first.outcome.timestamps)).toEqual(Array.from(timestamps.subarray(200)));
    }
  );
});

describe('CachedDetector resume', () => {
  it('scores only the new points when the same series comes back with its range slid forward', () => {
    const detector = new CachedDetector();
    const options = { kind: 'robust' as const, sensitivity: 0.5, seasonality: 'auto' as const, seed: 42 };
    const all = series(1300, 1250);
    const first = detector.run('s|k', all.timestamps.slice(0, 1000), all.values.slice(0, 1000), 700, options);
    expect(first.reusedPoints).toBe(0);
    // Next refresh: 300 points later. 700 points are shared with the last request, 300 are new.
    const slid = detector.run('s|k', all.timestamps.slice(300), all.values.slice(300), 700, options);
    expect([slid.fromCache, slid.reusedPoints]).toEqual([false, 700]);
    const reference = detectSeriesResumable(all.timestamps.slice(0, 1300), all.values.slice(0, 1300), {
      ...options,
      trainingPoints: 1000,
    }).result;
    if (!slid.outcome.ok || !reference.ok) {
      throw new Error('expected both to score');
    }
    // Only the points after the training range come back (the first 700 of the 1000 sent are learnt, not returned).
    expect(Array.from(slid.outcome.timestamps)).toEqual(Array.from(all.timestamps.slice(1000, 1300)));
    // Same model as one run over everything seen so far: the spike at 1250 is found with the same score.
    expect(Array.from(slid.outcome.score)).toEqual(Array.from(reference.score.subarray(1000)));
    expect(slid.outcome.anomalies.map((a) => a.peakTime)).toContain(all.timestamps[1250]);
    // A different series (identity) never resumes another one's state.
    expect(detector.run('s|other', all.timestamps.slice(300), all.values.slice(300), 700, options).reusedPoints).toBe(
      0
    );
  });
});

describe('InlineRunner', () => {
  it('reports each result as it is known and stops when aborted', async () => {
    const runner = new InlineRunner();
    const make = (key: string): SeriesToScore => ({
      key,
      name: key,
      labels: {},
      frameIndex: 0,
      fieldIndex: 1,
      trainingPoints: 0,
      ...series(200, 150),
    });
    const seen: number[] = [];
    const abort = new AbortController();
    const done = await runner.detect(
      [make('a'), make('b')],
      'scope',
      { kind: 'robust', sensitivity: 0.5, seasonality: 'auto', seed: 1 },
      abort.signal,
      (i) => seen.push(i)
    );
    expect(seen).toEqual([0, 1]);
    expect(done.outcomes.every((o) => o.ok)).toBe(true);
    abort.abort();
    await expect(
      runner.detect(
        [make('c')],
        'scope',
        { kind: 'robust', sensitivity: 0.5, seasonality: 'auto', seed: 1 },
        abort.signal
      )
    ).rejects.toThrow('Detection cancelled');
  });
});

describe('backend wire format', () => {
  it('round-trips series and outcomes, NaN as null', () => {
    const { timestamps, values } = series(5);
    values[2] = NaN;
    const wire = seriesToWire('0|x', timestamps, values, 2);
    expect(wire.values[2]).toBeNull();
    expect(JSON.parse(JSON.stringify(wire))).toEqual(wire);
    const back = seriesFromWire(wire);
    expect(Number.isNaN(back.values[2])).toBe(true);
    const outcome: SeriesOutcome = {
      ok: true,
      timestamps,
      expected: values,
      lower: values,
      upper: values,
      score: new Float64Array(5),
      isAnomaly: Uint8Array.from([0, 0, 0, 1, 0]),
      anomalies: [],
      detector: 'robust',
      warnings: ['w'],
    };
    const decoded = outcomeFromWire(JSON.parse(JSON.stringify(outcomeToWire('k', outcome))));
    expect(decoded).toEqual(outcome);
    expect(outcomeFromWire(outcomeToWire('k', cannot('short')) as never)).toEqual(cannot('short'));
  });

  it('batches series under the point budget, a long series alone', () => {
    const s = (n: number) => ({ timestamps: new Float64Array(n) }) as SeriesToScore;
    expect(batchSeries([s(10), s(10), s(10), s(30), s(5)], 25)).toEqual([[0, 1], [2], [3], [4]]);
    expect(batchSeries([], 25)).toEqual([]);
  });
});

describe('detectionPoolSize', () => {
  it.each([
    [1, 1],
    [2, 2],
    [3, 2],
    [4, 3],
    [8, 4],
    [64, 4],
    [NaN, 2],
    [0, 2],
  ])('%p cores → %p workers', (cores, size) => {
    expect(detectionPoolSize(cores)).toBe(size);
  });
});
