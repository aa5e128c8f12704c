/** Over-time views of an SLO: where the SLI was below its objective (breach intervals). */

export interface TimeInterval {
  startMs: number;
  endMs: number;
}

/**
 * Maximal runs of consecutive samples with value < objective. A run ends at the first sample back at or above the
 * objective (or at the last sample); missing values end a run, since we cannot say the SLO was breached then.
 */
export function breachIntervals(
  timestampsMs: ArrayLike<number>,
  values: ArrayLike<number | null>,
  objective: number
): TimeInterval[] {
  const out: TimeInterval[] = [];
  let start: number | null = null;
  let last: number | null = null;
  for (let i = 0; i < timestampsMs.length; i++) {
    const value = values[i];
    const breached = value !== null && Number.isFinite(value) && value < objective;
    if (breached) {
      start ??= timestampsMs[i];
      last = timestampsMs[i];
    } else if (start !== null) {
      out.push({ startMs: start, endMs: value === null || !Number.isFinite(value) ? last! : timestampsMs[i] });
      start = null;
    }
  }
  if (start !== null) {
    out.push({ startMs: start, endMs: last! });
  }
  return out;
}
