// Traffic seasonality of the demo shop: a daily curve (afternoon peak, small evening bump, night trough) times a
// weekly curve (quieter weekends, blended over a few hours so midnight on Saturday is not a step).

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Daily load multiplier in about [0.25, 1.08] for a UTC time. */
export function dailyLoadFactor(timeMs: number): number {
  const hour = (((timeMs % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
  const main = 0.62 + 0.36 * Math.cos((2 * Math.PI * (hour - 14)) / 24);
  const eveningBump = 0.08 * Math.exp(-((hour - 20) ** 2) / 2);
  return main + eveningBump;
}

/** Fraction of "weekend" at a time: 0 on weekdays, 1 on Saturday/Sunday, smooth over 3 h around midnight. */
export function weekendShare(timeMs: number): number {
  const blendHours = 3;
  const weekendAt = (t: number): number => {
    const day = new Date(t).getUTCDay();
    return day === 0 || day === 6 ? 1 : 0;
  };
  // Average the indicator over a centred window: a cheap, monotone smoothing of the step.
  const samples = 7;
  let sum = 0;
  for (let i = 0; i < samples; i++) {
    const offset = (i / (samples - 1) - 0.5) * blendHours * HOUR_MS;
    sum += weekendAt(timeMs + offset);
  }
  return sum / samples;
}

/** Weekly load multiplier: 1 on weekdays, 0.7 on weekends. */
export function weeklyLoadFactor(timeMs: number): number {
  return 1 - 0.3 * weekendShare(timeMs);
}

export function seasonalLoadFactor(timeMs: number): number {
  return dailyLoadFactor(timeMs) * weeklyLoadFactor(timeMs);
}
