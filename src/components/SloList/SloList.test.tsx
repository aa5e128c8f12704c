import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { sloStatus } from '../../engine/slo/status';
import { testSloSpec as syntheticSloSpec } from '../SloShared/testSpec';
import { sloTestIds } from '../SloShared/testIds';
import { SloList } from './SloList';

const now = Date.UTC(2026, 10, 22);
const spec = (id: string) => syntheticSloSpec({ id, name: `SLO ${id}` });
const items = [
  {
    spec: spec('calm'),
    createdAt: '',
    updatedAt: '',
    statuses: [sloStatus(spec('calm'), { errorRatios: { '5m': 0, '1h': 0, '30d': 0.0001 } }, now)],
  },
  {
    spec: spec('fire'),
    createdAt: '',
    updatedAt: '',
    statuses: [
      sloStatus(
        spec('fire'),
        {
          errorRatios: { '5m': 0.05, '30m': 0.05, '1h': 0.05, '6h': 0.05, '30d': 0.0005 },
          trafficPerSecond: { '1h': 10, '6h': 10 },
        },
        now
      ),
    ],
  },
];

describe('SloList', () => {
  it('shows the API figures, least budget first, with the firing alert', () => {
    render(
      <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <SloList items={items} evaluation={{ available: true }} />
      </MemoryRouter>
    );
    const rows = within(screen.getByTestId(sloTestIds.list.table)).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-testid'))).toEqual([
      sloTestIds.list.row('fire|'),
      sloTestIds.list.row('calm|'),
    ]);
    expect(screen.getByTestId(sloTestIds.list.budget('fire|'))).toHaveTextContent('50.0%');
    expect(screen.getByTestId(sloTestIds.list.burn('fire|', '1h'))).toHaveTextContent('50.0×');
    expect(screen.getByTestId(sloTestIds.list.alert('fire|'))).toHaveTextContent('page firing (1h/5m)');
    expect(screen.queryByTestId(sloTestIds.list.evaluationWarning)).not.toBeInTheDocument();
  });

  it('filters by search and warns when figures are unavailable', () => {
    render(
      <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <SloList items={items} evaluation={{ available: false, reason: 'FORESIGHT_PROMETHEUS_URL is not set' }} />
      </MemoryRouter>
    );
    fireEvent.change(screen.getByTestId(sloTestIds.list.search), { target: { value: 'calm' } });
    expect(within(screen.getByTestId(sloTestIds.list.table)).getAllByRole('row')).toHaveLength(2);
    expect(screen.getByTestId(sloTestIds.list.evaluationWarning)).toHaveTextContent(
      'FORESIGHT_PROMETHEUS_URL is not set'
    );
  });

  it('says when the figures come from raw queries instead of recording rules', () => {
    const { rerender } = render(
      <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <SloList items={items} evaluation={{ available: true, mode: 'raw' }} />
      </MemoryRouter>
    );
    expect(screen.getByText(/raw rate\(\) queries per window/)).toBeInTheDocument();
    rerender(
      <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <SloList items={items} evaluation={{ available: true, mode: 'recorded' }} />
      </MemoryRouter>
    );
    expect(screen.queryByText(/raw rate\(\) queries per window/)).not.toBeInTheDocument();
  });
});
