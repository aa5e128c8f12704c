import { trainingWindow } from './trainingRange';

const H = 3_600_000;
const panel = { from: 10 * H, to: 16 * H };

describe('trainingWindow', () => {
  it.each([
    ['same', undefined, { from: 10 * H, to: 16 * H, factor: 1 }],
    ['4x', undefined, { from: -8 * H, to: 16 * H, factor: 4 }],
    ['10x', undefined, { from: -44 * H, to: 16 * H, factor: 10 }],
    ['fixed', '24h', { from: -8 * H, to: 16 * H, factor: 4 }],
    // A fixed look-back shorter than the panel still covers the panel.
    ['fixed', '1h', { from: 10 * H, to: 16 * H, factor: 1 }],
  ] as const)('%s %s', (trainingRange, trainingFixed, expected) => {
    expect(trainingWindow(panel, { trainingRange, trainingFixed })).toEqual(expected);
  });

  it('names the bad value', () => {
    expect(() => trainingWindow(panel, { trainingRange: 'fixed', trainingFixed: 'soon' })).toThrow(
      'Training range "fixed" needs a duration such as 7d or 12h, got "soon"'
    );
    expect(() => trainingWindow(panel, { trainingRange: '3x' as never })).toThrow('Unknown training range "3x"');
    expect(() => trainingWindow({ from: 5, to: 5 }, { trainingRange: 'same' })).toThrow(
      'Panel time range is empty: from 5 to 5'
    );
  });
});
