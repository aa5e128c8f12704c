/**
 * The time series panel plugin's custom field defaults (Grafana's timeseries fieldConfig defaults). Grafana merges
 * them through its option registry, which only Grafana's app fills; the host's views merge them from here.
 */
export const TIMESERIES_CUSTOM_DEFAULTS: Record<string, unknown> = {
  drawStyle: 'line',
  lineInterpolation: 'linear',
  lineWidth: 1,
  fillOpacity: 0,
  gradientMode: 'none',
  showPoints: 'never',
  pointSize: 5,
  spanNulls: false,
  axisPlacement: 'auto',
  axisBorderShow: false,
  scaleDistribution: { type: 'linear' },
  stacking: { mode: 'none', group: 'A' },
  thresholdsStyle: { mode: 'off' },
  barAlignment: 0,
};
