/**
 * Error-budget accounting. The budget is the fraction of events allowed to fail, 1 − objective; over a rolling
 * period it is also a time: (1 − objective) × period (99.9% over 30d → 43.2 min, not "43.8" nor "72").
 */

/** 1 − objective, rounded to kill float noise (1 − 0.999 = 0.0010000000000000009). */
export function errorBudget(objective: number): number {
  return Number((1 - objective).toPrecision(12));
}

/** Whole-period budget as minutes of total outage. */
export function budgetMinutes(objective: number, periodSeconds: number): number {
  return (errorBudget(objective) * periodSeconds) / 60;
}

/** How many times faster than allowed the budget burns: error ratio / budget (1 = exactly used up by period end). */
export function burnRate(errorRatio: number, objective: number): number {
  return errorRatio / errorBudget(objective);
}

/** Fraction of the period's budget left given the period's error ratio; negative once overspent. */
export function budgetRemaining(periodErrorRatio: number, objective: number): number {
  return 1 - burnRate(periodErrorRatio, objective);
}

/**
 * Seconds until the remaining budget is gone if the current burn continues: remaining × period / burn.
 * Infinity when not burning, 0 when already exhausted.
 */
export function timeToExhaustionSeconds(remaining: number, periodSeconds: number, currentBurn: number): number {
  if (remaining <= 0) {
    return 0;
  }
  if (!(currentBurn > 0)) {
    return Infinity;
  }
  return (remaining * periodSeconds) / currentBurn;
}

/** Projected exhaustion instant in ms, or null when the budget is not being consumed. */
export function projectedExhaustionMs(
  nowMs: number,
  remaining: number,
  periodSeconds: number,
  currentBurn: number
): number | null {
  const seconds = timeToExhaustionSeconds(remaining, periodSeconds, currentBurn);
  return Number.isFinite(seconds) ? nowMs + seconds * 1000 : null;
}

/**
 * Budget remaining along a history of per-step error ratios and traffic (a burn-down): at each step the
 * consumed share is the errors so far in the period over the budgeted errors of the traffic so far.
 * Rolling windows make the true figure drop out old steps; this burn-down covers one period from its start.
 */
export function budgetBurnDown(
  errorRatios: ArrayLike<number | null>,
  totals: ArrayLike<number | null>,
  objective: number
): Array<number | null> {
  const budget = errorBudget(objective);
  const out: Array<number | null> = [];
  let bad = 0;
  let total = 0;
  for (let i = 0; i < errorRatios.length; i++) {
    const ratio = errorRatios[i];
    const count = totals[i];
    if (ratio !== null && count !== null && Number.isFinite(ratio) && Number.isFinite(count)) {
      bad += ratio * count;
      total += count;
    }
    out.push(total > 0 ? 1 - bad / (budget * total) : null);
  }
  return out;
}
