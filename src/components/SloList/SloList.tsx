import React, { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Input, LinkButton, Stack, Text, useStyles2, useTheme2 } from '@grafana/ui';
import { prefixRoute } from '../../utils/utils.routing';
import { formatBurn, formatPercent } from '../SloShared/format';
import type { SloEvaluationInfo, SloListItem } from '../SloShared/sloApi';
import { budgetColor, getSloStyles } from '../SloShared/styles';
import { sloTestIds } from '../SloShared/testIds';
import { filterAndSort, LIST_WINDOWS, sloRows } from './rows';

interface Props {
  items: SloListItem[];
  evaluation: SloEvaluationInfo;
}

/** The SLO list: objective, SLI, budget remaining, burn per window and alert state; least budget first. */
export function SloList({ items, evaluation }: Props) {
  const styles = useStyles2(getSloStyles);
  const theme = useTheme2();
  const [search, setSearch] = useState('');
  const rows = useMemo(() => filterAndSort(sloRows(items), search), [items, search]);

  return (
    <Stack direction="column" gap={2}>
      {!evaluation.available && (
        <Alert severity="warning" title="SLO figures unavailable" data-testid={sloTestIds.list.evaluationWarning}>
          {evaluation.reason}. The specs are listed; budgets and burn rates appear once the backend can query Prometheus
          and the generated recording rules are loaded.
        </Alert>
      )}
      {evaluation.available && evaluation.mode === 'raw' && (
        <Text color="secondary" variant="bodySmall">
          Figures from raw rate() queries per window (the backend runs with FORESIGHT_SLO_EVALUATION=raw: the metrics
          source has no SLO recording rules).
        </Text>
      )}
      <Stack direction="row" gap={1}>
        <Input
          placeholder="Search name, service or label=value"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          data-testid={sloTestIds.list.search}
          prefix={<span aria-hidden>🔍</span>}
        />
        <LinkButton icon="plus" href={prefixRoute('slos/new')} data-testid={sloTestIds.list.create}>
          New SLO
        </LinkButton>
      </Stack>
      <table className={styles.table} data-testid={sloTestIds.list.table}>
        <thead>
          <tr>
            <th>SLO</th>
            <th>Service</th>
            <th className="num">Objective</th>
            <th className="num">SLI</th>
            <th>Budget remaining</th>
            {LIST_WINDOWS.map((w) => (
              <th key={w} className="num" title={`Burn rate over ${w}: error ratio / error budget`}>
                Burn {w}
              </th>
            ))}
            <th>Alerts</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-testid={sloTestIds.list.row(row.key)}>
              <td>
                <Link to={prefixRoute(`slos/${row.id}`)}>{row.name}</Link>
                {row.group && <div className={styles.muted}>{row.group}</div>}
                <div className={styles.muted}>
                  {row.sliKind} · {row.window}
                </div>
              </td>
              <td>{row.service}</td>
              <td className="num">{formatPercent(row.objective, 3)}</td>
              <td className="num">{formatPercent(row.sli, 3)}</td>
              <td data-testid={sloTestIds.list.budget(row.key)}>
                <div>{formatPercent(row.budgetRemaining, 1)}</div>
                <div className={styles.bar}>
                  <div
                    style={{
                      width: `${Math.max(0, Math.min(1, row.budgetRemaining ?? 0)) * 100}%`,
                      height: '100%',
                      background: budgetColor(theme, row.budgetRemaining),
                    }}
                  />
                </div>
              </td>
              {LIST_WINDOWS.map((w) => {
                const burn = row.burn[w];
                return (
                  <td
                    key={w}
                    className={`num ${burn !== null && burn > 14.4 ? styles.hot : burn !== null && burn > 1 ? styles.warm : ''}`}
                    data-testid={sloTestIds.list.burn(row.key, w)}
                  >
                    {formatBurn(burn)}
                  </td>
                );
              })}
              <td
                className={row.alertState === 'firing' ? styles.hot : styles.muted}
                data-testid={sloTestIds.list.alert(row.key)}
              >
                {row.alertLabel}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <div className={styles.muted}>No SLO matches “{search}”.</div>}
    </Stack>
  );
}
