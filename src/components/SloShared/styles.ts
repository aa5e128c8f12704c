import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';

export const getSloStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': {
      padding: theme.spacing(0.75, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
    'td.num, th.num': { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  }),
  hot: css({ color: theme.colors.error.text, fontWeight: theme.typography.fontWeightMedium }),
  warm: css({ color: theme.colors.warning.text }),
  muted: css({ color: theme.colors.text.secondary }),
  tiles: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))', gap: theme.spacing(1) }),
  tile: css({
    padding: theme.spacing(1.5),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
  tileValue: css({ fontSize: theme.typography.h3.fontSize, fontVariantNumeric: 'tabular-nums' }),
  code: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    background: theme.colors.background.secondary,
    padding: theme.spacing(1),
    maxHeight: 480,
    overflow: 'auto',
    whiteSpace: 'pre',
  }),
  bar: css({
    height: 6,
    background: theme.colors.background.secondary,
    borderRadius: 3,
    overflow: 'hidden',
    minWidth: 80,
  }),
});

export function budgetColor(theme: GrafanaTheme2, remaining: number | null): string {
  if (remaining === null) {
    return theme.colors.text.disabled;
  }
  return remaining <= 0
    ? theme.colors.error.main
    : remaining < 0.25
      ? theme.colors.warning.main
      : theme.colors.success.main;
}
