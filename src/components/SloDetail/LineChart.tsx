import React from 'react';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { getSloStyles } from '../SloShared/styles';

interface Props {
  title: string;
  startMs: number;
  endMs: number;
  points: Array<[number, number]>;
  /** Horizontal reference line (objective, threshold, zero budget). */
  reference?: { value: number; label: string };
  /** Shaded time intervals (e.g. SLI under the objective). */
  shaded?: Array<{ startMs: number; endMs: number }>;
  format: (value: number) => string;
  testId?: string;
}

const WIDTH = 600;
const HEIGHT = 160;
const PAD = 36;

/** A small SVG line chart: the detail page's charts render API points as they are, no smoothing. */
export function LineChart({ title, startMs, endMs, points, reference, shaded = [], format, testId }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getSloStyles);
  const values = points.map((p) => p[1]).filter(Number.isFinite);
  if (reference) {
    values.push(reference.value);
  }
  if (values.length === 0) {
    return <div className={styles.muted}>{title}: no data in this range.</div>;
  }
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (min === max) {
    min -= Math.abs(min) * 0.01 || 1;
    max += Math.abs(max) * 0.01 || 1;
  }
  const x = (t: number) => PAD + ((t - startMs) / Math.max(1, endMs - startMs)) * (WIDTH - 2 * PAD);
  const y = (v: number) => HEIGHT - PAD / 2 - ((v - min) / (max - min)) * (HEIGHT - PAD);
  const path = points
    .filter((p) => Number.isFinite(p[1]))
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`)
    .join(' ');
  return (
    <figure style={{ margin: 0 }} data-testid={testId}>
      <figcaption className={styles.muted}>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label={title}>
        {shaded.map((s, i) => (
          <rect
            key={i}
            x={x(s.startMs)}
            y={PAD / 2}
            width={Math.max(2, x(s.endMs) - x(s.startMs))}
            height={HEIGHT - PAD}
            fill={theme.colors.error.transparent}
          />
        ))}
        {reference && (
          <>
            <line
              x1={PAD}
              x2={WIDTH - PAD}
              y1={y(reference.value)}
              y2={y(reference.value)}
              stroke={theme.colors.warning.main}
              strokeDasharray="4 3"
            />
            <text
              x={WIDTH - PAD}
              y={y(reference.value) - 3}
              textAnchor="end"
              fontSize={10}
              fill={theme.colors.warning.text}
            >
              {reference.label}
            </text>
          </>
        )}
        <path d={path} fill="none" stroke={theme.colors.primary.main} strokeWidth={1.5} />
        <text x={2} y={y(max) + 4} fontSize={10} fill={theme.colors.text.secondary}>
          {format(max)}
        </text>
        <text x={2} y={y(min)} fontSize={10} fill={theme.colors.text.secondary}>
          {format(min)}
        </text>
      </svg>
    </figure>
  );
}
