import { SampleStore } from './store';

const s = (sec: number): number => sec * 1000;
const a = { __name__: 'a', job: 'j' };
const b = { __name__: 'b', job: 'j' };

function storeWith(scrapes: Array<[number, Array<[Record<string, string>, number]>]>, capacity = 100): SampleStore {
  const store = new SampleStore(capacity);
  for (const [t, samples] of scrapes) {
    store.append(
      s(t),
      samples.map(([labels, value]) => ({ labels, value }))
    );
  }
  return store;
}

const seriesOf = (store: SampleStore, name: string) => [...store.series()].find((x) => x.labels.__name__ === name)!;

describe('SampleStore', () => {
  // a: scraped at 0 and 60 s, missing at 120 s (a staleness marker there); b: present throughout.
  const store = storeWith([
    [
      0,
      [
        [a, 1],
        [b, 10],
      ],
    ],
    [
      60,
      [
        [a, 2],
        [b, 20],
      ],
    ],
    [120, [[b, 30]]],
  ]);

  it.each([
    { name: 'a', t: 30, want: 1 },
    { name: 'a', t: 60, want: 2 },
    { name: 'a', t: 119, want: 2 },
    // Stale after the scrape that missed it, even though 60 s is within the 5 min lookback.
    { name: 'a', t: 120, want: undefined },
    { name: 'b', t: 120 + 300, want: 30 },
    // Lookback is closed: exactly 5 min old still counts, 1 ms more does not.
    { name: 'b', t: 420.001, want: undefined },
    { name: 'b', t: -1, want: undefined },
  ])('instant $name at $t s -> $want', ({ name, t, want }) => {
    expect(store.instantAt(seriesOf(store, name), s(t), s(300))?.[1]).toBe(want);
  });

  it('selects a closed range and skips scrapes without the series', () => {
    expect(store.range(seriesOf(store, 'b'), s(0), s(60))).toEqual([
      [s(0), 10],
      [s(60), 20],
    ]);
    expect(store.range(seriesOf(store, 'a'), s(0), s(200))).toEqual([
      [s(0), 1],
      [s(60), 2],
    ]);
  });

  it('overwrites the oldest scrape when full and forgets series with no sample left', () => {
    const ring = storeWith(
      [
        [
          0,
          [
            [a, 1],
            [b, 1],
          ],
        ],
        [10, [[b, 2]]],
        [20, [[b, 3]]],
        [30, [[b, 4]]],
      ],
      3
    );
    expect(ring.seriesCount).toBe(1);
    expect(ring.scrapeCount).toBe(3);
    expect(ring.range(seriesOf(ring, 'b'), s(0), s(30)).map((p) => p[1])).toEqual([2, 3, 4]);
  });

  it('refuses a scrape older than the previous one', () => {
    expect(() =>
      storeWith([
        [10, []],
        [5, []],
      ])
    ).toThrow(/older than the previous/);
  });
});
