import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';

export const getIncidentStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': {
      padding: theme.spacing(0.75, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
      verticalAlign: 'top',
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
    'td.num, th.num': { textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  }),
  muted: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  tiles: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(170px, 1fr))', gap: theme.spacing(1) }),
  tile: css({
    padding: theme.spacing(1.5),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.primary,
  }),
  tileValue: css({ fontSize: theme.typography.h3.fontSize, fontVariantNumeric: 'tabular-nums' }),
  priority: css({
    display: 'inline-block',
    minWidth: 36,
    textAlign: 'center',
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(0, 0.5),
    fontVariantNumeric: 'tabular-nums',
    fontWeight: theme.typography.fontWeightMedium,
  }),
  section: css({
    padding: theme.spacing(2),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
  timeline: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    li: { padding: theme.spacing(0.5, 0), borderBottom: `1px dashed ${theme.colors.border.weak}` },
  }),
  mono: css({ fontFamily: theme.typography.fontFamilyMonospace, fontSize: theme.typography.bodySmall.fontSize }),
});

/** Priority chip colour: ≥ 75 red, ≥ 50 orange, ≥ 25 yellow, else grey (transparent thresholds). */
export function priorityColor(theme: GrafanaTheme2, priority: number): { background: string; color: string } {
  const main =
    priority >= 75
      ? theme.colors.error.main
      : priority >= 50
        ? theme.colors.warning.main
        : priority >= 25
          ? theme.visualization.getColorByName('yellow')
          : theme.colors.secondary.main;
  return { background: main, color: theme.colors.getContrastText(main) };
}
