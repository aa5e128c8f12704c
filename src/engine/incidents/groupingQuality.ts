/**
 * Quality of a grouping against ground truth, over the same items: adjusted Rand index (Hubert & Arabie 1985)
 * and per-group purity. Labels are arbitrary strings; only which items share a label matters.
 */

function choose2(n: number): number {
  return (n * (n - 1)) / 2;
}

/** ARI in [−1, 1]: 1 = identical partitions, ~0 = no better than chance. 1 when both partitions are trivial. */
export function adjustedRandIndex(truth: readonly string[], predicted: readonly string[]): number {
  if (truth.length !== predicted.length) {
    throw new Error(`adjustedRandIndex: truth has ${truth.length} items but predicted has ${predicted.length}`);
  }
  const n = truth.length;
  const contingency = new Map<string, number>();
  const truthSizes = new Map<string, number>();
  const predictedSizes = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const cell = `${truth[i]}\u0000${predicted[i]}`;
    contingency.set(cell, (contingency.get(cell) ?? 0) + 1);
    truthSizes.set(truth[i], (truthSizes.get(truth[i]) ?? 0) + 1);
    predictedSizes.set(predicted[i], (predictedSizes.get(predicted[i]) ?? 0) + 1);
  }
  let index = 0;
  for (const count of contingency.values()) {
    index += choose2(count);
  }
  let sumTruth = 0;
  for (const size of truthSizes.values()) {
    sumTruth += choose2(size);
  }
  let sumPredicted = 0;
  for (const size of predictedSizes.values()) {
    sumPredicted += choose2(size);
  }
  const expected = (sumTruth * sumPredicted) / choose2(n);
  const maxIndex = (sumTruth + sumPredicted) / 2;
  if (maxIndex === expected) {
    return 1;
  }
  return (index - expected) / (maxIndex - expected);
}

export interface GroupPurity {
  group: string;
  size: number;
  /** Truth label most of the group's items carry. */
  majority: string;
  /** Share of the group's items with the majority truth label, 0–1. */
  purity: number;
}

/** Purity of every predicted group, largest groups first. */
export function groupPurities(truth: readonly string[], predicted: readonly string[]): GroupPurity[] {
  if (truth.length !== predicted.length) {
    throw new Error(`groupPurities: truth has ${truth.length} items but predicted has ${predicted.length}`);
  }
  const groups = new Map<string, Map<string, number>>();
  for (let i = 0; i < truth.length; i++) {
    const counts = groups.get(predicted[i]) ?? new Map<string, number>();
    counts.set(truth[i], (counts.get(truth[i]) ?? 0) + 1);
    groups.set(predicted[i], counts);
  }
  const result: GroupPurity[] = [];
  for (const [group, counts] of groups) {
    let size = 0;
    let majority = '';
    let best = -1;
    for (const [label, count] of [...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      size += count;
      if (count > best) {
        best = count;
        majority = label;
      }
    }
    result.push({ group, size, majority, purity: best / size });
  }
  return result.sort((a, b) => b.size - a.size || (a.group < b.group ? -1 : 1));
}
