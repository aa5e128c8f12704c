import React from 'react';
import { Text } from '@grafana/ui';
import { formatBurn, formatPercent } from '../SloShared/format';
import type { SloHistoryResponse } from '../SloShared/sloApi';
import { sloTestIds } from '../SloShared/testIds';
import { LineChart } from './LineChart';

interface Props {
  history: SloHistoryResponse;
  /** Which group's series to show (same index as the detail's statuses). */
  groupIndex: number;
}

/** SLI (1h) vs objective with breach intervals, error-budget burn-down, and the 1h burn rate over the SLO window. */
export function SloHistoryCharts({ history, groupIndex }: Props) {
  const pick = <T,>(list: T[]): T | undefined => list[Math.min(groupIndex, list.length - 1)];
  const sli = pick(history.sli);
  const breaches = pick(history.breaches) ?? [];
  const budget = pick(history.budgetRemaining);
  const burn = pick(history.burnRate);
  const common = { startMs: history.startMs, endMs: history.endMs };
  return (
    <div data-testid={sloTestIds.detail.history}>
      <Text element="h4">Over the window</Text>
      <LineChart
        {...common}
        title={`SLI (1h) vs objective — ${breaches.length} breach interval(s) shaded`}
        points={sli?.points ?? []}
        reference={{ value: history.objective, label: `objective ${formatPercent(history.objective, 3)}` }}
        shaded={breaches}
        format={(v) => formatPercent(v, 2)}
      />
      <LineChart
        {...common}
        title="Error budget remaining (burn-down)"
        points={budget?.points ?? []}
        reference={{ value: 0, label: 'exhausted' }}
        format={(v) => formatPercent(v, 0)}
      />
      <LineChart
        {...common}
        title="Burn rate (1h)"
        points={burn?.points ?? []}
        reference={{ value: 1, label: '1× = budget lasts the window' }}
        format={formatBurn}
      />
    </div>
  );
}
