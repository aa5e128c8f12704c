import React, { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Field,
  Input,
  Stack,
  TagList,
  TextArea,
  TextLink,
  useStyles2,
  useTheme2,
} from '@grafana/ui';
import type { FeedbackLabel } from '../../engine/incidents/types';
import { prefixRoute } from '../../utils/utils.routing';
import { alertLinks, formatDuration, formatTime, SEVERITY_COLORS, STATUS_COLORS } from '../IncidentShared/format';
import type { IncidentDetailResponse } from '../IncidentShared/incidentApi';
import { getIncidentStyles, priorityColor } from '../IncidentShared/styles';
import { incidentTestIds } from '../IncidentShared/testIds';

export type IncidentUserAction =
  | { kind: 'acknowledge' }
  | { kind: 'resolve' }
  | { kind: 'reopen' }
  | { kind: 'merge'; into: string }
  | { kind: 'note'; text: string }
  | { kind: 'feedback'; label: FeedbackLabel };

interface Props {
  detail: IncidentDetailResponse;
  onAction: (action: IncidentUserAction) => Promise<void>;
  now: number;
}

const FEEDBACK: Array<{ label: FeedbackLabel; text: string }> = [
  { label: 'actionable', text: 'Actionable' },
  { label: 'noise', text: 'Noise' },
  { label: 'wrong-grouping', text: 'Wrong grouping' },
];

/** One incident: status and actions, why it is ranked so, services, member alerts with links, and the timeline. */
export function IncidentDetail({ detail, onAction, now }: Props) {
  const styles = useStyles2(getIncidentStyles);
  const theme = useTheme2();
  const { incident, alerts } = detail;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [mergeInto, setMergeInto] = useState('');
  const [note, setNote] = useState('');

  const run = async (action: IncidentUserAction, after?: () => void) => {
    setBusy(true);
    setError(undefined);
    try {
      await onAction(action);
      after?.();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const resolved = incident.status === 'resolved';
  const merged = incident.mergedInto !== undefined;

  return (
    <Stack direction="column" gap={2}>
      <div data-testid={incidentTestIds.detail.container}>
        <Stack direction="row" gap={1} alignItems="center" wrap="wrap">
          <span className={styles.priority} style={priorityColor(theme, incident.priority)} title="Priority 0–100">
            {incident.priority}
          </span>
          <h2 style={{ margin: 0 }} data-testid={incidentTestIds.detail.title}>
            {incident.title}
          </h2>
          <span data-testid={incidentTestIds.detail.status}>
            <Badge text={incident.status} color={STATUS_COLORS[incident.status]} />
          </span>
          <Badge text={incident.severity} color={SEVERITY_COLORS[incident.severity]} />
        </Stack>
        <div className={styles.muted}>
          {incident.id} · started {formatTime(incident.onsetAt)} ({formatDuration(now - incident.onsetAt)} ago) ·
          detected after {formatDuration(incident.detectedAt - incident.onsetAt)}
          {incident.acknowledgedAt !== undefined &&
            ` · acknowledged by ${incident.acknowledgedBy ?? 'api'} after ${formatDuration(incident.acknowledgedAt - incident.detectedAt)}`}
          {incident.resolvedAt !== undefined &&
            ` · resolved after ${formatDuration(incident.resolvedAt - incident.onsetAt)}`}
        </div>
      </div>

      {merged && (
        <Alert severity="info" title="Merged">
          This incident was merged into{' '}
          <TextLink href={prefixRoute(`incidents/${encodeURIComponent(incident.mergedInto!)}`)}>
            {incident.mergedInto}
          </TextLink>
          .
        </Alert>
      )}
      {error && (
        <Alert severity="error" title="Action failed" data-testid={incidentTestIds.detail.actionError}>
          {error}
        </Alert>
      )}

      {!merged && (
        <Stack direction="row" gap={1} wrap="wrap" alignItems="flex-end">
          <Button
            icon="check"
            disabled={busy || resolved || incident.acknowledgedAt !== undefined}
            onClick={() => run({ kind: 'acknowledge' })}
            data-testid={incidentTestIds.detail.ack}
          >
            Acknowledge
          </Button>
          {resolved ? (
            <Button
              variant="secondary"
              disabled={busy}
              onClick={() => run({ kind: 'reopen' })}
              data-testid={incidentTestIds.detail.reopen}
            >
              Reopen
            </Button>
          ) : (
            <Button
              variant="secondary"
              disabled={busy}
              onClick={() => run({ kind: 'resolve' })}
              data-testid={incidentTestIds.detail.resolve}
            >
              Resolve
            </Button>
          )}
          <Field label="Merge into incident" style={{ marginBottom: 0 }}>
            <Stack direction="row" gap={1}>
              <Input
                width={30}
                placeholder="INC-…"
                value={mergeInto}
                onChange={(e) => setMergeInto(e.currentTarget.value)}
                data-testid={incidentTestIds.detail.mergeInput}
              />
              <Button
                variant="secondary"
                disabled={busy || mergeInto.trim() === ''}
                onClick={() => run({ kind: 'merge', into: mergeInto.trim() }, () => setMergeInto(''))}
                data-testid={incidentTestIds.detail.merge}
              >
                Merge
              </Button>
            </Stack>
          </Field>
          <Stack direction="row" gap={0.5}>
            {FEEDBACK.map((f) => (
              <Button
                key={f.label}
                size="sm"
                variant={incident.feedback === f.label ? 'primary' : 'secondary'}
                fill={incident.feedback === f.label ? 'solid' : 'outline'}
                disabled={busy}
                onClick={() => run({ kind: 'feedback', label: f.label })}
                data-testid={incidentTestIds.detail.feedback(f.label)}
              >
                {f.text}
              </Button>
            ))}
          </Stack>
        </Stack>
      )}

      <Stack direction="row" gap={2} wrap="wrap">
        <div className={styles.section} style={{ flex: '1 1 320px' }}>
          <h4>Why priority {incident.priority}</h4>
          <ul data-testid={incidentTestIds.detail.reasons}>
            {incident.priorityReasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </div>
        <div className={styles.section} style={{ flex: '1 1 320px' }}>
          <h4>Services</h4>
          <TagList tags={incident.services} />
          {incident.rootCauseCandidates.length > 0 && (
            <p className={styles.muted}>
              Likely cause (alerting services that call no other alerting service):{' '}
              {incident.rootCauseCandidates.join(', ')}
            </p>
          )}
          <h4>Runbooks</h4>
          <div data-testid={incidentTestIds.detail.runbooks}>
            {incident.runbookUrls.length === 0 ? (
              <span className={styles.muted}>None in the alerts or the service catalogue.</span>
            ) : (
              <ul>
                {incident.runbookUrls
                  .filter((url) => /^https?:\/\//i.test(url))
                  .map((url) => (
                    <li key={url}>
                      <TextLink href={url} external>
                        {url}
                      </TextLink>
                    </li>
                  ))}
              </ul>
            )}
          </div>
        </div>
      </Stack>

      <div className={styles.section}>
        <h4>
          Alerts ({alerts.length}, {incident.firingCount} firing)
        </h4>
        <table className={styles.table} data-testid={incidentTestIds.detail.alerts}>
          <thead>
            <tr>
              <th>Alert</th>
              <th>Status</th>
              <th>Severity</th>
              <th>Started</th>
              <th>Ended</th>
              <th>Labels</th>
              <th>Links</th>
            </tr>
          </thead>
          <tbody>
            {alerts.map((alert) => (
              <tr key={alert.key} data-testid={incidentTestIds.detail.alertRow(alert.key)}>
                <td>
                  {alert.name}
                  {alert.service && <div className={styles.muted}>{alert.service}</div>}
                  {alert.annotations.summary && <div className={styles.muted}>{alert.annotations.summary}</div>}
                </td>
                <td>
                  <Badge text={alert.status} color={alert.status === 'firing' ? 'red' : 'green'} />
                </td>
                <td>{alert.severity}</td>
                <td>{formatTime(alert.startsAt)}</td>
                <td>{formatTime(alert.endsAt)}</td>
                <td className={styles.mono}>
                  {Object.entries(alert.labels)
                    .filter(([name]) => name !== 'alertname')
                    .map(([name, value]) => `${name}=${value}`)
                    .join(' ')}
                </td>
                <td>
                  <Stack direction="column" gap={0}>
                    {alertLinks(alert).map((link) => (
                      <TextLink key={link.href} href={link.href} external>
                        {link.label}
                      </TextLink>
                    ))}
                  </Stack>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div className={styles.section}>
        <h4>Timeline</h4>
        <ul className={styles.timeline} data-testid={incidentTestIds.detail.timeline}>
          {incident.timeline.map((entry, i) => (
            <li key={`${entry.at}-${i}`}>
              <span className={styles.muted}>{formatTime(entry.at)}</span> <strong>{entry.event}</strong>{' '}
              <span className={styles.muted}>by {entry.actor}</span>
              {entry.detail && <div>{entry.detail}</div>}
            </li>
          ))}
        </ul>
        {!merged && (
          <Stack direction="row" gap={1} alignItems="flex-end">
            <Field label="Add a note" style={{ flex: 1, marginBottom: 0 }}>
              <TextArea
                rows={2}
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
                data-testid={incidentTestIds.detail.noteInput}
              />
            </Field>
            <Button
              disabled={busy || note.trim() === ''}
              onClick={() => run({ kind: 'note', text: note.trim() }, () => setNote(''))}
              data-testid={incidentTestIds.detail.note}
            >
              Add note
            </Button>
          </Stack>
        )}
      </div>
    </Stack>
  );
}
