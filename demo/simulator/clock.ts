// The simulated clock: simulated time runs `acceleration` times faster than real time from a common origin.

export interface SimClock {
  readonly acceleration: number;
  readonly simStartMs: number;
  readonly realStartMs: number;
  /** Current simulated time (ms since epoch). */
  simNow(): number;
  /** Real time (ms since epoch) at which the simulated clock shows `simMs`. */
  toReal(simMs: number): number;
  /** Simulated time shown at real time `realMs`. */
  toSim(realMs: number): number;
}

export function createSimClock(options: {
  acceleration: number;
  simStartMs?: number;
  realNow?: () => number;
}): SimClock {
  const { acceleration } = options;
  if (!Number.isFinite(acceleration) || acceleration <= 0) {
    throw new Error(`acceleration must be a positive number, got ${acceleration}`);
  }
  const realNow = options.realNow ?? Date.now;
  const realStartMs = realNow();
  const simStartMs = options.simStartMs ?? realStartMs;
  const toSim = (realMs: number): number => simStartMs + (realMs - realStartMs) * acceleration;
  return {
    acceleration,
    simStartMs,
    realStartMs,
    simNow: () => toSim(realNow()),
    toReal: (simMs) => realStartMs + (simMs - simStartMs) / acceleration,
    toSim,
  };
}
