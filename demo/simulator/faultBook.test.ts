import { FaultBook } from './faultBook';
import type { FaultSpec } from './faults';

const spec: FaultSpec = {
  kind: 'latency',
  service: 'payment',
  magnitude: 500,
  startOffsetMs: 60_000,
  durationMs: 300_000,
};

describe('FaultBook', () => {
  it('anchors faults, reports them active in [start, end) and gives statuses', () => {
    const book = new FaultBook();
    const f = book.add(spec, 1_000_000, 'api');
    expect(f).toMatchObject({ id: 'f1', startSimMs: 1_060_000, endSimMs: 1_360_000, source: 'api' });
    expect(book.activeAt(1_059_999)).toEqual([]);
    expect(book.activeAt(1_060_000)).toEqual([f]);
    expect(book.activeAt(1_360_000)).toEqual([]);
    expect(FaultBook.statusAt(f, 1_000_000)).toBe('pending');
    expect(FaultBook.statusAt(f, 1_100_000)).toBe('active');
    expect(FaultBook.statusAt(f, 1_400_000)).toBe('ended');
  });

  it('cancels an active fault at the given time and keeps it in the list', () => {
    const book = new FaultBook();
    const f = book.add(spec, 0, 'schedule');
    book.add(spec, 0, 'api');
    expect(book.cancel('f1', 100_000)).toBe(f);
    expect(f.endSimMs).toBe(100_000);
    expect(FaultBook.statusAt(f, 100_000)).toBe('cancelled');
    expect(book.activeAt(99_999)).toHaveLength(2);
    expect(book.activeAt(100_000)).toHaveLength(1);
    expect(book.list()).toHaveLength(2);
    expect(book.cancel('f9', 0)).toBeUndefined();
  });

  it('cancelling a pending fault means it never becomes active', () => {
    const book = new FaultBook();
    const f = book.add(spec, 0, 'api');
    book.cancel(f.id, 10_000);
    expect(book.activeAt(60_000)).toEqual([]);
  });
});
