import { priorityScore } from './priority';

describe('priorityScore', () => {
  it('scores a quiet low-severity single-service incident from severity alone', () => {
    expect(
      priorityScore({ severity: 'low', services: ['cart'], catalogue: [], alertCount: 2, firingCount: 0 })
    ).toEqual({ priority: 10, reasons: ['severity low: +10'] });
  });

  it('adds tier, revenue, users, blast radius and firing, each with a reason, largest first', () => {
    const result = priorityScore({
      severity: 'high',
      services: ['web', 'checkout', 'payments'],
      catalogue: [
        { name: 'checkout', tier: 1, dependsOn: [], revenuePerHour: 800 },
        { name: 'payments', tier: 2, dependsOn: [], revenuePerHour: 400 },
      ],
      alertCount: 10,
      firingCount: 4,
      affectedUsers: 250,
    });
    expect(result.reasons).toEqual([
      'severity high: +30',
      'tier-1 service checkout affected: +20',
      'revenue at risk 1,200/h: +10',
      'still firing (4 of 10 alerts): +10',
      '3 services affected: +6',
      '250 users affected: +5',
    ]);
    expect(result.priority).toBe(81);
  });

  it('caps at 100 and says so', () => {
    const result = priorityScore({
      severity: 'critical',
      services: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
      catalogue: [{ name: 'a', tier: 1, dependsOn: [], revenuePerHour: 50_000 }],
      alertCount: 50,
      firingCount: 50,
      affectedUsers: 10_000,
    });
    expect(result.priority).toBe(100);
    expect(result.reasons[result.reasons.length - 1]).toBe('capped at 100 (sum 110)');
  });

  it('is zero for a resolved info incident', () => {
    expect(priorityScore({ severity: 'info', services: [], catalogue: [], alertCount: 1, firingCount: 0 })).toEqual({
      priority: 0,
      reasons: [],
    });
  });
});
