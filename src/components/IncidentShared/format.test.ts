import { alertLinks, formatDuration, formatRatio } from './format';

describe('incident formatting', () => {
  it.each([
    { ms: 0, text: '0 s' },
    { ms: 45_000, text: '45 s' },
    { ms: 12 * 60_000, text: '12 min' },
    { ms: 3 * 3_600_000 + 5 * 60_000, text: '3 h 5 min' },
    { ms: 2 * 3_600_000, text: '2 h' },
    { ms: 52 * 3_600_000, text: '2 d 4 h' },
    { ms: -5, text: '0 s' },
    { ms: null, text: '–' },
    { ms: NaN, text: '–' },
  ])('formatDuration($ms) = $text', ({ ms, text }) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('formats ratios as percentages and missing values as a dash', () => {
    expect(formatRatio(0.9312)).toBe('93.1%');
    expect(formatRatio(null)).toBe('–');
  });

  it('keeps only http(s) links, once each', () => {
    expect(
      alertLinks({
        generatorUrl: 'http://prom/graph',
        runbookUrl: 'javascript:alert(1)',
        annotations: { dashboard_url: 'https://g/d/x', panel_url: 'https://g/d/x' },
      })
    ).toEqual([
      { label: 'Source', href: 'http://prom/graph' },
      { label: 'Dashboard', href: 'https://g/d/x' },
    ]);
  });
});
