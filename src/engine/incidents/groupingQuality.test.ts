import { adjustedRandIndex, groupPurities } from './groupingQuality';

describe('adjustedRandIndex', () => {
  it.each([
    { truth: ['a', 'a', 'b', 'b'], predicted: ['x', 'x', 'y', 'y'], expected: 1 },
    { truth: ['a', 'a', 'b', 'b'], predicted: ['y', 'y', 'x', 'x'], expected: 1 },
    // Worked example: sklearn.metrics.adjusted_rand_score([0,0,1,1],[0,0,1,2]) = 0.5714285714
    { truth: ['0', '0', '1', '1'], predicted: ['0', '0', '1', '2'], expected: 0.5714285714285714 },
    // sklearn: adjusted_rand_score([0,0,1,2],[0,0,1,1]) = 0.5714285714 (symmetric)
    { truth: ['0', '0', '1', '2'], predicted: ['0', '0', '1', '1'], expected: 0.5714285714285714 },
    // sklearn: adjusted_rand_score([0,0,0,0],[0,1,2,3]) = 0
    { truth: ['0', '0', '0', '0'], predicted: ['0', '1', '2', '3'], expected: 0 },
    // sklearn: adjusted_rand_score([0,0,1,1],[0,1,0,1]) = -0.5
    { truth: ['0', '0', '1', '1'], predicted: ['0', '1', '0', '1'], expected: -0.5 },
  ])('ARI($truth, $predicted) = $expected', ({ truth, predicted, expected }) => {
    expect(adjustedRandIndex(truth, predicted)).toBeCloseTo(expected, 10);
  });

  it('rejects partitions of different sizes', () => {
    expect(() => adjustedRandIndex(['a'], [])).toThrow('truth has 1 items but predicted has 0');
  });
});

describe('groupPurities', () => {
  it('reports the majority truth label and its share for each predicted group', () => {
    expect(groupPurities(['a', 'a', 'b', 'b', 'b'], ['g1', 'g1', 'g1', 'g2', 'g2'])).toEqual([
      { group: 'g1', size: 3, majority: 'a', purity: 2 / 3 },
      { group: 'g2', size: 2, majority: 'b', purity: 1 },
    ]);
  });
});
