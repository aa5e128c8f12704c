import React from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { testAlert, testIncident, TEST_NOW } from '../IncidentShared/testIncident';
import { incidentTestIds } from '../IncidentShared/testIds';
import { IncidentDetail } from './IncidentDetail';

describe('IncidentDetail', () => {
  it('shows why it is ranked so, services, runbooks, member alerts with labels and links, and the timeline', () => {
    render(
      <IncidentDetail
        detail={{ incident: testIncident(), alerts: [testAlert()] }}
        onAction={jest.fn()}
        now={TEST_NOW}
      />
    );
    expect(screen.getByTestId(incidentTestIds.detail.title)).toHaveTextContent(
      'HighErrorRate on payments (+2 services)'
    );
    expect(
      within(screen.getByTestId(incidentTestIds.detail.reasons))
        .getAllByRole('listitem')
        .map((li) => li.textContent)
    ).toEqual(testIncident().priorityReasons);
    expect(screen.getByTestId(incidentTestIds.detail.runbooks)).toHaveTextContent('https://runbooks.example/payments');
    const alertRow = screen.getByTestId(incidentTestIds.detail.alertRow(testAlert().key));
    expect(alertRow).toHaveTextContent('service=payments instance=pay-0');
    expect(
      within(alertRow)
        .getAllByRole('link')
        .map((a) => a.textContent)
    ).toEqual(['Source', 'Runbook', 'Dashboard']);
    expect(screen.getByTestId(incidentTestIds.detail.timeline)).toHaveTextContent(
      'checkout depends on payments and 2 min apart'
    );
  });

  it('sends acknowledge, feedback, merge and note actions and shows a failure', async () => {
    const onAction = jest.fn().mockResolvedValue(undefined);
    render(
      <IncidentDetail detail={{ incident: testIncident(), alerts: [testAlert()] }} onAction={onAction} now={TEST_NOW} />
    );
    fireEvent.click(screen.getByTestId(incidentTestIds.detail.ack));
    await waitFor(() => expect(onAction).toHaveBeenLastCalledWith({ kind: 'acknowledge' }));
    fireEvent.click(screen.getByTestId(incidentTestIds.detail.feedback('wrong-grouping')));
    await waitFor(() => expect(onAction).toHaveBeenLastCalledWith({ kind: 'feedback', label: 'wrong-grouping' }));
    fireEvent.change(screen.getByTestId(incidentTestIds.detail.mergeInput), { target: { value: ' INC-2 ' } });
    fireEvent.click(screen.getByTestId(incidentTestIds.detail.merge));
    await waitFor(() => expect(onAction).toHaveBeenLastCalledWith({ kind: 'merge', into: 'INC-2' }));
    fireEvent.change(screen.getByTestId(incidentTestIds.detail.noteInput), { target: { value: 'pool exhausted' } });
    fireEvent.click(screen.getByTestId(incidentTestIds.detail.note));
    await waitFor(() => expect(onAction).toHaveBeenLastCalledWith({ kind: 'note', text: 'pool exhausted' }));

    onAction.mockRejectedValueOnce(new Error('incident INC-x is already resolved'));
    fireEvent.click(screen.getByTestId(incidentTestIds.detail.resolve));
    expect(await screen.findByTestId(incidentTestIds.detail.actionError)).toHaveTextContent('already resolved');
  });

  it('offers reopen instead of resolve, and no acknowledge, once resolved', () => {
    render(
      <IncidentDetail
        detail={{ incident: testIncident({ status: 'resolved', resolvedAt: TEST_NOW }), alerts: [] }}
        onAction={jest.fn()}
        now={TEST_NOW}
      />
    );
    expect(screen.getByTestId(incidentTestIds.detail.reopen)).toBeInTheDocument();
    expect(screen.queryByTestId(incidentTestIds.detail.resolve)).not.toBeInTheDocument();
    expect(screen.getByTestId(incidentTestIds.detail.ack)).toBeDisabled();
  });
});
