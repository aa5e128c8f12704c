import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { testIncident, TEST_NOW } from '../IncidentShared/testIncident';
import { incidentTestIds } from '../IncidentShared/testIds';
import { IncidentList, PAGE_SIZE, severitiesAtLeast, statusFilter, statusFilterValue } from './IncidentList';

function renderList(props: Partial<React.ComponentProps<typeof IncidentList>> = {}) {
  const onFiltersChange = jest.fn();
  render(
    <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <IncidentList
        items={[
          testIncident(),
          testIncident({
            id: 'INC-2',
            title: 'DiskFull on db',
            status: 'acknowledged',
            priority: 30,
            services: ['db'],
            rootCauseCandidates: ['db'],
          }),
        ]}
        total={2}
        filters={{ status: ['open', 'acknowledged'] }}
        onFiltersChange={onFiltersChange}
        now={TEST_NOW}
        {...props}
      />
    </MemoryRouter>
  );
  return onFiltersChange;
}

describe('IncidentList', () => {
  it('shows priority, title with likely cause, status, services, alert count and age', () => {
    renderList();
    const row = screen.getByTestId(incidentTestIds.list.row('INC-20261122-2100-abc123'));
    const cells = within(row)
      .getAllByRole('cell')
      .map((cell) => cell.textContent);
    expect(cells).toEqual([
      '83',
      'HighErrorRate on payments (+2 services)INC-20261122-2100-abc123 · likely cause: payments',
      'open2 firing',
      'critical',
      'checkout, payments, web',
      '3',
      '30 min',
    ]);
    expect(within(row).getByRole('link')).toHaveAttribute(
      'href',
      '/a/foresight-aiops-app/incidents/INC-20261122-2100-abc123'
    );
    expect(screen.getByTestId(incidentTestIds.list.status('INC-2'))).toHaveTextContent('acknowledged');
  });

  it('changes filters from the status buttons and the service box, back to the first page', () => {
    const onFiltersChange = renderList({ filters: { status: ['open', 'acknowledged'], offset: 25 } });
    fireEvent.click(within(screen.getByTestId(incidentTestIds.list.statusFilter)).getByText('Resolved'));
    expect(onFiltersChange).toHaveBeenLastCalledWith({ status: ['resolved'], offset: 0 });
    const service = screen.getByTestId(incidentTestIds.list.serviceFilter);
    fireEvent.change(service, { target: { value: ' payments ' } });
    fireEvent.keyDown(service, { key: 'Enter' });
    expect(onFiltersChange).toHaveBeenLastCalledWith({
      status: ['open', 'acknowledged'],
      service: 'payments',
      offset: 0,
    });
  });

  it('pages when there are more incidents than fit', () => {
    const onFiltersChange = renderList({ total: PAGE_SIZE * 2 + 1 });
    fireEvent.click(within(screen.getByTestId(incidentTestIds.list.pagination)).getByText('2'));
    expect(onFiltersChange).toHaveBeenLastCalledWith({ status: ['open', 'acknowledged'], offset: PAGE_SIZE });
  });

  it.each([
    { value: 'active' as const, status: ['open', 'acknowledged'] },
    { value: 'all' as const, status: undefined },
    { value: 'resolved' as const, status: ['resolved'] },
  ])('status filter $value ↔ $status', ({ value, status }) => {
    expect(statusFilter(value)).toEqual(status);
    expect(statusFilterValue({ status: statusFilter(value) })).toBe(value);
  });

  it('turns a minimum severity into the list the API filters on', () => {
    expect(severitiesAtLeast('high')).toEqual(['high', 'critical']);
    expect(severitiesAtLeast('any')).toBeUndefined();
  });
});
