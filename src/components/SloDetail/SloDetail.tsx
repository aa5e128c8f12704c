import React, { useState } from 'react';
import { Button, ClipboardButton, LinkButton, Stack, Text, useStyles2 } from '@grafana/ui';
import { alertWindowsFor } from '../../engine/slo/windows';
import { prefixRoute } from '../../utils/utils.routing';
import { formatBurn, formatPercent, formatTimeLeft } from '../SloShared/format';
import type { SloDetailResponse, SloHistoryResponse } from '../SloShared/sloApi';
import { getSloStyles } from '../SloShared/styles';
import { sloTestIds } from '../SloShared/testIds';
import { SloHistoryCharts } from './SloHistoryCharts';

interface Props {
  detail: SloDetailResponse;
  /** Range data for the charts; undefined while loading, a message when unavailable. */
  history?: SloHistoryResponse | string;
  onDelete: () => void;
}

function Tile({ title, value, hint, testId }: { title: string; value: string; hint?: string; testId?: string }) {
  const styles = useStyles2(getSloStyles);
  return (
    <div className={styles.tile}>
      <Text color="secondary">{title}</Text>
      <div className={styles.tileValue} data-testid={testId}>
        {value}
      </div>
      {hint && <div className={styles.muted}>{hint}</div>}
    </div>
  );
}

/** One SLO: tiles, burn per window against the alert thresholds, alert states, and the generated rules. */
export function SloDetail({ detail, history, onDelete }: Props) {
  const styles = useStyles2(getSloStyles);
  const { spec } = detail;
  const statuses = detail.statuses ?? [];
  const [groupIndex, setGroupIndex] = useState(0);
  const status = statuses[Math.min(groupIndex, Math.max(0, statuses.length - 1))];
  const alertWindows = alertWindowsFor(spec.window);
  const thresholdsFor = (window: string) =>
    alertWindows
      .filter((w) => (w.longWindow === window || w.shortWindow === window) && spec.alerting[w.severity])
      .map((w) => `${w.severity} > ${w.burnFactor}× (${w.longWindow}&${w.shortWindow})`)
      .join('; ');
  const downloadHref = `data:application/yaml;charset=utf-8,${encodeURIComponent(detail.rules)}`;

  return (
    <Stack direction="column" gap={2}>
      <div data-testid={sloTestIds.detail.container}>
        <Text element="h2">{spec.name}</Text>
        <div className={styles.muted}>
          {spec.service} · {spec.sli.kind} SLI · objective {formatPercent(spec.objective, 3)} over {spec.window}
          {spec.description ? ` · ${spec.description}` : ''}
        </div>
      </div>
      {!detail.evaluation.available && <Text color="warning">Figures unavailable: {detail.evaluation.reason}</Text>}
      {statuses.length > 1 && (
        <label>
          Group{' '}
          <select value={groupIndex} onChange={(e) => setGroupIndex(Number(e.currentTarget.value))}>
            {statuses.map((s, i) => (
              <option key={i} value={i}>
                {Object.entries(s.group)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', ') || 'all'}
              </option>
            ))}
          </select>
        </label>
      )}
      {status && (
        <>
          <div className={styles.tiles}>
            <Tile
              title="Objective"
              value={formatPercent(status.objective, 3)}
              hint={`error budget ${formatPercent(status.errorBudget, 3)}`}
            />
            <Tile
              title={`SLI over ${spec.window}`}
              value={formatPercent(status.sli, 3)}
              testId={sloTestIds.detail.sli}
            />
            <Tile
              title="Error budget remaining"
              value={formatPercent(status.budgetRemaining, 1)}
              hint={
                status.budgetRemainingMinutes === null
                  ? undefined
                  : `${status.budgetRemainingMinutes.toFixed(1)} of ${status.budgetMinutes.toFixed(1)} min of full outage`
              }
              testId={sloTestIds.detail.budget}
            />
            <Tile
              title="Time left at the 1h burn"
              value={formatTimeLeft(status.timeLeftSeconds)}
              hint={status.exhaustionAt ? `exhausted ${new Date(status.exhaustionAt).toLocaleString()}` : undefined}
              testId={sloTestIds.detail.timeLeft}
            />
          </div>
          {typeof history === 'object' && <SloHistoryCharts history={history} groupIndex={groupIndex} />}
          {typeof history === 'string' && <Text color="secondary">Charts unavailable: {history}</Text>}
          <table className={styles.table}>
            <thead>
              <tr>
                <th>Window</th>
                <th className="num">Error ratio</th>
                <th className="num">Burn rate</th>
                <th>Alert thresholds using this window</th>
              </tr>
            </thead>
            <tbody>
              {status.burnRates.map((b) => (
                <tr key={b.window}>
                  <td>{b.window}</td>
                  <td className="num">{formatPercent(b.errorRatio, 3)}</td>
                  <td className="num" data-testid={sloTestIds.detail.burn(b.window)}>
                    {formatBurn(b.burnRate)}
                  </td>
                  <td className={styles.muted}>{thresholdsFor(b.window)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className={styles.table}>
            <thead>
              <tr>
                <th>Alert</th>
                <th>Windows</th>
                <th className="num">Threshold</th>
                <th>Budget spent before it fires</th>
                <th>State</th>
              </tr>
            </thead>
            <tbody>
              {status.alerts.map((a) => (
                <tr key={`${a.window.severity}-${a.window.longWindow}`}>
                  <td>{a.window.severity}</td>
                  <td>
                    {a.window.longWindow} & {a.window.shortWindow}
                  </td>
                  <td className="num">{a.window.burnFactor}×</td>
                  <td>{formatPercent(a.window.budgetFraction, 1)}</td>
                  <td
                    className={a.state === 'firing' ? styles.hot : styles.muted}
                    data-testid={sloTestIds.detail.alert(a.window.severity, a.window.longWindow)}
                  >
                    {a.state}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <Stack direction="row" gap={1}>
        <ClipboardButton icon="copy" getText={() => detail.rules}>
          Copy rules
        </ClipboardButton>
        <LinkButton
          icon="download-alt"
          variant="secondary"
          href={downloadHref}
          download={`${spec.id}.rules.yaml`}
          data-testid={sloTestIds.detail.download}
        >
          Download rules
        </LinkButton>
        <LinkButton
          icon="pen"
          variant="secondary"
          href={prefixRoute(`slos/${spec.id}/edit`)}
          data-testid={sloTestIds.detail.edit}
        >
          Edit
        </LinkButton>
        <Button icon="trash-alt" variant="destructive" onClick={onDelete} data-testid={sloTestIds.detail.remove}>
          Delete
        </Button>
      </Stack>
      <Text element="h4">Generated Prometheus rules</Text>
      <pre className={styles.code} data-testid={sloTestIds.detail.rules}>
        {detail.rules}
      </pre>
    </Stack>
  );
}
