import React from 'react';
import { Icon, Tooltip, useStyles2 } from '@grafana/ui';
import type { Kpi } from '../../engine/incidents/kpis';
import { formatDuration, formatRatio } from '../IncidentShared/format';
import { getIncidentStyles } from '../IncidentShared/styles';
import { incidentTestIds } from '../IncidentShared/testIds';

interface Props {
  kpis: Kpi[];
  /** Period the KPIs cover, shown under the strip. */
  periodLabel: string;
}

function display(kpi: Kpi): string {
  return kpi.unit === 'ms' ? formatDuration(kpi.value) : formatRatio(kpi.value);
}

/** MTTD, MTTA, MTTR, compression and noise rate, each with its written definition on hover. */
export function IncidentKpis({ kpis, periodLabel }: Props) {
  const styles = useStyles2(getIncidentStyles);
  return (
    <div data-testid={incidentTestIds.kpis.strip}>
      <div className={styles.tiles}>
        {kpis.map((kpi) => (
          <div key={kpi.key} className={styles.tile} data-testid={incidentTestIds.kpis.tile(kpi.key)}>
            <div className={styles.muted}>
              {kpi.label}{' '}
              <Tooltip content={kpi.definition} placement="top">
                <Icon name="info-circle" size="sm" aria-label={`How ${kpi.label} is computed`} />
              </Tooltip>
            </div>
            <div className={styles.tileValue}>{display(kpi)}</div>
            <div className={styles.muted}>
              {kpi.unit === 'ms' && kpi.median !== null ? `median ${formatDuration(kpi.median)} · ` : ''}
              {kpi.key === 'compression' ? `${kpi.count} alerts` : `${kpi.count} incidents`}
            </div>
          </div>
        ))}
      </div>
      <div className={styles.muted}>{periodLabel}</div>
    </div>
  );
}
