import { alertState, hasEnoughTraffic } from './alertState';
import { alertWindowsFor } from './windows';

const [pageQuick, pageSlow, ticketQuick, ticketSlow] = alertWindowsFor('30d');

describe('multi-window alert state', () => {
  it.each([
    { name: 'both windows over 14.4', window: pageQuick, rates: { '1h': 15, '5m': 20 }, state: 'firing' },
    { name: 'long over, short recovered', window: pageQuick, rates: { '1h': 15, '5m': 2 }, state: 'ok' },
    { name: 'short spike only', window: pageQuick, rates: { '1h': 3, '5m': 200 }, state: 'ok' },
    { name: 'exactly at the factor does not fire', window: pageQuick, rates: { '1h': 14.4, '5m': 14.4 }, state: 'ok' },
    { name: 'just under 6× over 6h', window: pageSlow, rates: { '6h': 5.99, '30m': 9 }, state: 'ok' },
    { name: 'slow page', window: pageSlow, rates: { '6h': 6.5, '30m': 7 }, state: 'firing' },
    { name: 'ticket quick', window: ticketQuick, rates: { '1d': 3.2, '2h': 3.1 }, state: 'firing' },
    { name: 'ticket slow just under 1×', window: ticketSlow, rates: { '3d': 0.99, '6h': 1.5 }, state: 'ok' },
    { name: 'missing short window', window: ticketSlow, rates: { '3d': 2 }, state: 'no-data' },
    { name: 'NaN (no traffic)', window: pageQuick, rates: { '1h': NaN, '5m': NaN }, state: 'no-data' },
  ])('$name → $state', ({ window, rates, state }) => {
    expect(alertState(window, { burnRates: rates })).toBe(state);
  });

  it('the minimum-traffic guard holds back a burning alert on the long window traffic', () => {
    const burning = { burnRates: { '1h': 500, '5m': 500 }, trafficPerSecond: { '1h': 0.02, '5m': 0.1 } };
    expect(alertState(pageQuick, burning, 0.05)).toBe('insufficient-traffic');
    expect(alertState(pageQuick, burning, 0.01)).toBe('firing');
    expect(alertState(pageQuick, burning)).toBe('firing');
  });

  it.each([
    [null, 1, false],
    [0.5, 1, false],
    [1, 1, true],
    [0, undefined, true],
    [0, 0, true],
  ])('traffic %p against minimum %p → %p', (traffic, min, ok) => {
    expect(hasEnoughTraffic(traffic, min)).toBe(ok);
  });
});
