import { createSimClock } from './clock';

describe('createSimClock', () => {
  it('runs simulated time faster by the acceleration and maps back to real time', () => {
    let real = 1_000_000;
    const clock = createSimClock({ acceleration: 60, simStartMs: 5_000_000, realNow: () => real });
    expect(clock.simNow()).toBe(5_000_000);
    real += 1000;
    expect(clock.simNow()).toBe(5_060_000);
    expect(clock.toReal(5_060_000)).toBe(1_001_000);
    expect(clock.toSim(1_002_000)).toBe(5_120_000);
  });

  it.each([[0], [-2], [Number.NaN]])('rejects acceleration %p', (acceleration) => {
    expect(() => createSimClock({ acceleration })).toThrow(/acceleration/);
  });
});
