import { createDataFrame, DataFrame, DataTopic, FieldType } from '@grafana/data';
import { Float64Pool } from '../engine/stats/float64Pool';
import { InlineRunner } from './detection/runner';
import type { SeriesToScore } from './frames';
import { DetectFn, overlayFrames } from './overlay';
import { DEFAULT_OUTPUTS } from './types';

const T0 = Date.UTC(2026, 10, 22);
const MIN = 60_000;

/** `frames` frames of 2 series × 400 points each (a spike at 350 in the first), the last one too short to score. */
function innerFrames(frames: number): DataFrame[] {
  let state = 7;
  const noise = () => (state = (state * 16807) % 2147483647) / 2147483647;
  const out = Array.from({ length: frames }, (_, f) =>
    createDataFrame({
      refId: 'A',
      fields: [
        { name: 'Time', type: FieldType.time, values: Array.from({ length: 400 }, (_, i) => T0 + i * MIN) },
        {
          name: 'a',
          type: FieldType.number,
          values: Array.from({ length: 400 }, (_, i) => (i === 350 ? 60 : 10 + noise())),
          labels: { f: `${f}` },
        },
        {
          name: 'b',
          type: FieldType.number,
          values: Array.from({ length: 400 }, () => 20 + noise()),
          labels: { f: `${f}` },
        },
      ],
    })
  );
  out.push(
    createDataFrame({
      refId: 'A',
      fields: [
        { name: 'Time', type: FieldType.time, values: [T0] },
        { name: 'c', type: FieldType.number, values: [1] },
      ],
    })
  );
  return out;
}

async function run(pipeline: boolean, pool?: Float64Pool) {
  const runner = new InlineRunner();
  const calls: number[] = [];
  const detect: DetectFn = async (series: SeriesToScore[], signal, onResult) => {
    calls.push(series.length);
    return (
      await runner.detect(
        series,
        'scope',
        { kind: 'robust', sensitivity: 0.5, seasonality: 'auto', seed: 42 },
        signal,
        onResult
      )
    ).outcomes;
  };
  const range = { from: T0 + 200 * MIN, to: T0 + 399 * MIN };
  const result = await overlayFrames(innerFrames(3), {
    refId: 'A',
    range,
    outputs: { ...DEFAULT_OUTPUTS, annotations: true },
    detect,
    signal: new AbortController().signal,
    pipeline,
    pool,
  });
  return { result, calls };
}

describe('overlayFrames', () => {
  it('gives the same frames whether series go to detection frame by frame (pipeline) or all at once', async () => {
    const all = await run(false);
    const piped = await run(true);
    expect(all.calls).toEqual([7]);
    // One call per frame with series: each frame's series leave as soon as they are read.
    expect(piped.calls).toEqual([2, 2, 2, 1]);
    expect(piped.result.frames).toEqual(all.result.frames);
    expect(piped.result.notices).toEqual(all.result.notices);
    expect(piped.result.notices).toEqual([expect.stringMatching(/^c: not scored — need at least 24 numeric points/)]);
    expect([piped.result.seriesScored, piped.result.anomalies]).toEqual([6, 3]);
    const annotations = piped.result.frames.filter((f) => f.meta?.dataTopic === DataTopic.Annotations);
    expect(annotations).toHaveLength(1);
  });

  it('takes the series arrays from the pool and gives them back, with the same output', async () => {
    const pool = new Float64Pool(100_000);
    // Dirty recycled arrays of the frames' length: extraction must overwrite every element it uses.
    for (let k = 0; k < 20; k++) {
      pool.give(new Float64Array(400).fill(NaN));
    }
    const pooled = await run(true, pool);
    const plain = await run(true);
    expect(pooled.result.frames).toEqual(plain.result.frames);
    // 3 frames × (time read + 2 series × 2 arrays) + the short frame's 2 arrays (1 point) are back.
    expect(pool.size).toBe(20 * 400 + 3);
  });

  it('gives the same output whatever order results arrive in', async () => {
    const runner = new InlineRunner();
    const options = { kind: 'robust', sensitivity: 0.5, seasonality: 'auto', seed: 42 } as const;
    const reversed: DetectFn = async (series, signal, onResult) => {
      const { outcomes } = await runner.detect(series, 'scope', options, signal);
      for (let i = outcomes.length - 1; i >= 0; i--) {
        onResult(i, outcomes[i]);
      }
      return outcomes;
    };
    const range = { from: T0 + 200 * MIN, to: T0 + 399 * MIN };
    const outputs = { ...DEFAULT_OUTPUTS, annotations: true, anomalyTable: true };
    const late = await overlayFrames(innerFrames(3), {
      refId: 'A',
      range,
      outputs,
      detect: reversed,
      signal: new AbortController().signal,
    });
    const inOrder = await run(false);
    const annotations = (r: typeof late) => r.frames.filter((f) => f.meta?.dataTopic === DataTopic.Annotations);
    expect(annotations(late)).toEqual(annotations(inOrder.result));
    expect(late.notices).toEqual(inOrder.result.notices);
  });

  it('rejects when detection is cancelled while frames are still being read', async () => {
    const abort = new AbortController();
    const runner = new InlineRunner();
    const calls: number[] = [];
    const pending = overlayFrames(innerFrames(3), {
      refId: 'A',
      range: { from: T0, to: T0 + 399 * MIN },
      outputs: DEFAULT_OUTPUTS,
      signal: abort.signal,
      pipeline: true,
      detect: async (series, signal, onResult) => {
        calls.push(series.length);
        abort.abort();
        return (
          await runner.detect(
            series,
            'scope',
            { kind: 'robust', sensitivity: 0.5, seasonality: 'auto', seed: 1 },
            signal,
            onResult
          )
        ).outcomes;
      },
    });
    await expect(pending).rejects.toThrow('Detection cancelled');
    expect(calls.length).toBeGreaterThan(0);
  });
});
