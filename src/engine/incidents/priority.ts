import { Severity } from '../severity';
import { ServiceNode } from '../topology/types';

/**
 * Transparent priority weights (requirements C5, "v1 = transparent weighted score" after seed 004's points):
 * every point in the 0–100 score comes from one line of this table and is listed as a reason.
 */
export const PRIORITY_WEIGHTS = {
  severity: { critical: 40, high: 30, medium: 20, low: 10, info: 0 } as Record<Severity, number>,
  /** Highest tier (1 = most critical) among the affected services in the catalogue. */
  tier: { 1: 20, 2: 10, 3: 5, 4: 0 } as Record<1 | 2 | 3 | 4, number>,
  /** Summed catalogue revenue per hour of the affected services: [threshold, points], first match wins. */
  revenuePerHour: [
    [10_000, 15],
    [1_000, 10],
    [100, 5],
  ] as Array<[number, number]>,
  /** Largest `affected_users` annotation on a member alert. */
  affectedUsers: [
    [1_000, 10],
    [100, 5],
  ] as Array<[number, number]>,
  blastRadiusPerExtraService: 3,
  blastRadiusMax: 15,
  stillFiring: 10,
} as const;

export interface PriorityInput {
  severity: Severity;
  services: readonly string[];
  /** Catalogue entries of the services that have one. */
  catalogue: readonly ServiceNode[];
  alertCount: number;
  firingCount: number;
  /** Largest `affected_users` annotation value among members, if any. */
  affectedUsers?: number;
}

export interface PriorityScore {
  priority: number;
  reasons: string[];
}

function stepPoints(value: number, steps: Array<[number, number]>): number {
  for (const [threshold, points] of steps) {
    if (value > threshold) {
      return points;
    }
  }
  return 0;
}

/** Priority 0–100 with one human-readable reason per contributing weight, largest first. */
export function priorityScore(input: PriorityInput): PriorityScore {
  const parts: Array<{ points: number; reason: string }> = [];
  parts.push({
    points: PRIORITY_WEIGHTS.severity[input.severity],
    reason: `severity ${input.severity}`,
  });

  const tiered = input.catalogue.filter((node) => node.tier !== undefined);
  if (tiered.length > 0) {
    const top = tiered.reduce((best, node) => (node.tier! < best.tier! ? node : best));
    const points = PRIORITY_WEIGHTS.tier[top.tier!];
    if (points > 0) {
      parts.push({ points, reason: `tier-${top.tier} service ${top.name} affected` });
    }
  }

  const revenue = input.catalogue.reduce((sum, node) => sum + (node.revenuePerHour ?? 0), 0);
  const revenuePoints = stepPoints(revenue, PRIORITY_WEIGHTS.revenuePerHour);
  if (revenuePoints > 0) {
    parts.push({ points: revenuePoints, reason: `revenue at risk ${Math.round(revenue).toLocaleString('en-US')}/h` });
  }

  if (input.affectedUsers !== undefined) {
    const userPoints = stepPoints(input.affectedUsers, PRIORITY_WEIGHTS.affectedUsers);
    if (userPoints > 0) {
      parts.push({ points: userPoints, reason: `${input.affectedUsers.toLocaleString('en-US')} users affected` });
    }
  }

  const extraServices = Math.max(0, input.services.length - 1);
  const blastPoints = Math.min(
    PRIORITY_WEIGHTS.blastRadiusMax,
    extraServices * PRIORITY_WEIGHTS.blastRadiusPerExtraService
  );
  if (blastPoints > 0) {
    parts.push({ points: blastPoints, reason: `${input.services.length} services affected` });
  }

  if (input.firingCount > 0) {
    parts.push({
      points: PRIORITY_WEIGHTS.stillFiring,
      reason: `still firing (${input.firingCount} of ${input.alertCount} alerts)`,
    });
  }

  const scored = parts.filter((part) => part.points > 0).sort((a, b) => b.points - a.points);
  const total = scored.reduce((sum, part) => sum + part.points, 0);
  const priority = Math.min(100, total);
  const reasons = scored.map((part) => `${part.reason}: +${part.points}`);
  if (total > 100) {
    reasons.push(`capped at 100 (sum ${total})`);
  }
  return { priority, reasons };
}
