import React from 'react';
import { render, screen } from '@testing-library/react';
import { sloStatus } from '../../engine/slo/status';
import { testSloSpec } from '../SloShared/testSpec';
import { sloTestIds } from '../SloShared/testIds';
import { SloDetail } from './SloDetail';

const now = Date.UTC(2026, 10, 22);
const spec = testSloSpec();
const status = sloStatus(
  spec,
  {
    errorRatios: { '5m': 0.05, '30m': 0.05, '1h': 0.015, '6h': 0.004, '30d': 0.00075 },
    trafficPerSecond: { '1h': 5, '6h': 5 },
  },
  now
);

describe('SloDetail', () => {
  it('shows the figures the API returned, the alert states and the generated rules', () => {
    render(
      <SloDetail
        detail={{
          spec,
          createdAt: '',
          updatedAt: '',
          evaluation: { available: true },
          statuses: [status],
          rules: 'groups: []\n',
        }}
        history={{
          startMs: now - 3600_000,
          endMs: now,
          stepSeconds: 60,
          objective: 0.999,
          sli: [
            {
              group: {},
              points: [
                [now - 1800_000, 0.9995],
                [now - 600_000, 0.99],
                [now, 0.999],
              ],
            },
          ],
          budgetRemaining: [{ group: {}, points: [[now, 0.25]] }],
          burnRate: [{ group: {}, points: [[now, 15]] }],
          breaches: [[{ startMs: now - 600_000, endMs: now }]],
        }}
        onDelete={() => undefined}
      />
    );
    expect(screen.getByTestId(sloTestIds.detail.budget)).toHaveTextContent('25.0%');
    expect(screen.getByTestId(sloTestIds.detail.sli)).toHaveTextContent('99.925%');
    // 25% of a 30d budget at 15× lasts 0.25 × 30d / 15 = 12h
    expect(screen.getByTestId(sloTestIds.detail.timeLeft)).toHaveTextContent('12h');
    expect(screen.getByTestId(sloTestIds.detail.burn('1h'))).toHaveTextContent('15.0×');
    expect(screen.getByTestId(sloTestIds.detail.alert('page', '1h'))).toHaveTextContent('firing');
    expect(screen.getByTestId(sloTestIds.detail.alert('page', '6h'))).toHaveTextContent('ok');
    expect(screen.getByTestId(sloTestIds.detail.history)).toHaveTextContent('1 breach interval(s) shaded');
    expect(screen.getByTestId(sloTestIds.detail.rules)).toHaveTextContent('groups: []');
  });

  it('says why figures are missing', () => {
    render(
      <SloDetail
        detail={{
          spec,
          createdAt: '',
          updatedAt: '',
          evaluation: { available: false, reason: 'FORESIGHT_PROMETHEUS_URL is not set' },
          statuses: null,
          rules: '',
        }}
        history="SLO history needs FORESIGHT_PROMETHEUS_URL"
        onDelete={() => undefined}
      />
    );
    expect(screen.getByText(/Figures unavailable: FORESIGHT_PROMETHEUS_URL is not set/)).toBeInTheDocument();
  });
});
