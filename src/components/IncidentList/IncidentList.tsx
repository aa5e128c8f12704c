import React from 'react';
import { Link } from 'react-router-dom';
import { Badge, Input, Pagination, RadioButtonGroup, Stack, useStyles2, useTheme2 } from '@grafana/ui';
import type { IncidentStatus } from '../../engine/incidents/types';
import { SEVERITIES, type Severity } from '../../engine/severity';
import { prefixRoute } from '../../utils/utils.routing';
import { formatDuration, SEVERITY_COLORS, STATUS_COLORS } from '../IncidentShared/format';
import type { IncidentFilters, IncidentView } from '../IncidentShared/incidentApi';
import { getIncidentStyles, priorityColor } from '../IncidentShared/styles';
import { incidentTestIds } from '../IncidentShared/testIds';

export const PAGE_SIZE = 25;

interface Props {
  items: IncidentView[];
  total: number;
  filters: IncidentFilters;
  onFiltersChange: (filters: IncidentFilters) => void;
  /** Clock for the age column (ms epoch). */
  now: number;
}

const STATUS_OPTIONS: Array<{ label: string; value: 'active' | 'all' | IncidentStatus }> = [
  { label: 'Active', value: 'active' },
  { label: 'Open', value: 'open' },
  { label: 'Acknowledged', value: 'acknowledged' },
  { label: 'Resolved', value: 'resolved' },
  { label: 'All', value: 'all' },
];

const SEVERITY_OPTIONS: Array<{ label: string; value: 'any' | Severity }> = [
  { label: 'Any severity', value: 'any' },
  ...[...SEVERITIES].reverse().map((s) => ({ label: `≥ ${s}`, value: s })),
];

export function statusFilterValue(filters: IncidentFilters): 'active' | 'all' | IncidentStatus {
  const status = filters.status ?? [];
  if (status.length === 0) {
    return 'all';
  }
  if (status.length === 2 && status.includes('open') && status.includes('acknowledged')) {
    return 'active';
  }
  return status[0];
}

export function statusFilter(value: 'active' | 'all' | IncidentStatus): IncidentStatus[] | undefined {
  return value === 'all' ? undefined : value === 'active' ? ['open', 'acknowledged'] : [value];
}

/** Severities at or above `min`, for the "≥ high" style filter. */
export function severitiesAtLeast(min: 'any' | Severity): Severity[] | undefined {
  return min === 'any' ? undefined : SEVERITIES.slice(SEVERITIES.indexOf(min));
}

/** The incident table: priority, title, status, severity, services, alerts, age; filters and pages. */
export function IncidentList({ items, total, filters, onFiltersChange, now }: Props) {
  const styles = useStyles2(getIncidentStyles);
  const theme = useTheme2();
  const page = Math.floor((filters.offset ?? 0) / PAGE_SIZE) + 1;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const minSeverity: 'any' | Severity = filters.severity?.length ? filters.severity[0] : 'any';

  return (
    <Stack direction="column" gap={2}>
      <Stack direction="row" gap={2} wrap="wrap" alignItems="center">
        <div data-testid={incidentTestIds.list.statusFilter}>
          <RadioButtonGroup
            options={STATUS_OPTIONS}
            value={statusFilterValue(filters)}
            onChange={(value) => onFiltersChange({ ...filters, status: statusFilter(value), offset: 0 })}
          />
        </div>
        <div data-testid={incidentTestIds.list.severityFilter}>
          <RadioButtonGroup
            options={SEVERITY_OPTIONS}
            value={minSeverity}
            onChange={(value) => onFiltersChange({ ...filters, severity: severitiesAtLeast(value), offset: 0 })}
          />
        </div>
        <Input
          width={28}
          placeholder="Service"
          defaultValue={filters.service ?? ''}
          data-testid={incidentTestIds.list.serviceFilter}
          onBlur={(e) => onFiltersChange({ ...filters, service: e.currentTarget.value.trim() || undefined, offset: 0 })}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              onFiltersChange({ ...filters, service: e.currentTarget.value.trim() || undefined, offset: 0 });
            }
          }}
        />
      </Stack>
      <table className={styles.table} data-testid={incidentTestIds.list.table}>
        <thead>
          <tr>
            <th className="num" title="0–100, transparent weights; see the reasons on the incident">
              Priority
            </th>
            <th>Incident</th>
            <th>Status</th>
            <th>Severity</th>
            <th>Services</th>
            <th className="num">Alerts</th>
            <th className="num">Age</th>
          </tr>
        </thead>
        <tbody>
          {items.map((incident) => (
            <tr key={incident.id} data-testid={incidentTestIds.list.row(incident.id)}>
              <td className="num">
                <span className={styles.priority} style={priorityColor(theme, incident.priority)}>
                  {incident.priority}
                </span>
              </td>
              <td>
                <Link to={prefixRoute(`incidents/${encodeURIComponent(incident.id)}`)}>{incident.title}</Link>
                <div className={styles.muted}>
                  {incident.id}
                  {incident.rootCauseCandidates.length > 0 &&
                    ` · likely cause: ${incident.rootCauseCandidates.join(', ')}`}
                </div>
              </td>
              <td data-testid={incidentTestIds.list.status(incident.id)}>
                <Badge text={incident.status} color={STATUS_COLORS[incident.status]} />
                {incident.status !== 'resolved' && incident.firingCount > 0 && (
                  <div className={styles.muted}>{incident.firingCount} firing</div>
                )}
              </td>
              <td>
                <Badge text={incident.severity} color={SEVERITY_COLORS[incident.severity]} />
              </td>
              <td>{incident.services.join(', ') || '–'}</td>
              <td className="num">{incident.alertCount}</td>
              <td className="num" title={new Date(incident.onsetAt).toISOString()}>
                {formatDuration(now - incident.onsetAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {items.length === 0 && <div className={styles.muted}>No incident matches these filters.</div>}
      {pages > 1 && (
        <div data-testid={incidentTestIds.list.pagination}>
          <Pagination
            currentPage={page}
            numberOfPages={pages}
            onNavigate={(next) => onFiltersChange({ ...filters, offset: (next - 1) * PAGE_SIZE })}
          />
        </div>
      )}
    </Stack>
  );
}
