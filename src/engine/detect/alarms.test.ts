import { AlarmFilter, EpisodeScorer, thresholdForSensitivity } from './alarms';

const run = (filter: AlarmFilter, ps: number[]) => ps.map((p) => filter.update(p));

describe('alarm post-processing', () => {
  it('maps sensitivity to a monotone threshold, 0.5 ↦ 1 − 1e-4', () => {
    expect(thresholdForSensitivity(0.5)).toBeCloseTo(0.9999, 10);
    expect(thresholdForSensitivity(0.9)).toBeLessThan(thresholdForSensitivity(0.1));
    expect(thresholdForSensitivity(-3)).toBe(thresholdForSensitivity(0));
  });

  it('requires consecutive points when asked', () => {
    const states = run(new AlarmFilter({ threshold: 0.9, minConsecutive: 2 }), [0.95, 0.1, 0.95, 0.96, 0.97]);
    expect(states.map((s) => s.active)).toEqual([false, false, false, true, true]);
    expect(states.map((s) => s.onset)).toEqual([false, false, false, true, false]);
  });

  it('applies a k-of-n rule', () => {
    const states = run(
      new AlarmFilter({ threshold: 0.9, window: 3, minInWindow: 2 }),
      [0.95, 0.1, 0.95, 0.1, 0.1, 0.95]
    );
    expect(states.map((s) => s.active)).toEqual([false, false, true, false, false, false]);
  });

  it('suppresses new onsets for a while after an onset', () => {
    const states = run(new AlarmFilter({ threshold: 0.9, suppress: 2 }), [0.95, 0.1, 0.95, 0.95, 0.1]);
    // The episode starting at 2 begins inside the quiet period: it is a repeat, not a new onset.
    expect(states.map((s) => s.onset)).toEqual([true, false, false, false, false]);
    expect(states.map((s) => s.suppressed)).toEqual([false, true, true, false, false]);
  });

  it('EpisodeScorer keeps the first point of an episode and only escalations after it', () => {
    const e = new EpisodeScorer(3, 1);
    const out = [0.5, 0.999, 0.999, 0.99999, 0.5, 0.5, 0.5, 0.5, 0.999].map((p) => e.update(p));
    // 0.5 is not 1 decade more surprising than nothing; 0.999 (3 decades) opens an episode; its repeat is dropped;
    // 0.99999 escalates by 2 decades; once the window has only 0.5s again, 0.999 is a new episode.
    expect(out).toEqual([0, 0.999, 0, 0.99999, 0, 0, 0, 0, 0.999]);
  });
});
