import type { SeriesOutcome } from '../frames';

/**
 * Detection results per series, keyed by series identity + training range + detector options + a fingerprint of the
 * data, so a dashboard refresh that returns the same data reuses the fitted result instead of refitting.
 * Bounded by the number of points held (least recently used entries go first).
 */
export class ModelCache {
  private readonly entries = new Map<string, { outcome: SeriesOutcome; points: number }>();
  private heldPoints = 0;

  constructor(private readonly maxPoints: number) {
    if (!(maxPoints > 0)) {
      throw new Error(`ModelCache maxPoints must be > 0, got ${maxPoints}`);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): SeriesOutcome | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      return undefined;
    }
    // Re-insert to mark as most recently used (Map keeps insertion order).
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.outcome;
  }

  set(key: string, outcome: SeriesOutcome): void {
    const points = outcome.ok ? outcome.timestamps.length : 1;
    if (points > this.maxPoints) {
      return;
    }
    const previous = this.entries.get(key);
    if (previous) {
      this.heldPoints -= previous.points;
      this.entries.delete(key);
    }
    this.entries.set(key, { outcome, points });
    this.heldPoints += points;
    for (const [oldestKey, oldest] of this.entries) {
      if (this.heldPoints <= this.maxPoints) {
        break;
      }
      this.entries.delete(oldestKey);
      this.heldPoints -= oldest.points;
    }
  }
}

/** FNV-1a over the raw bytes of the arrays: cheap (a few µs per 10k points) and sensitive to any changed sample. */
export function fingerprint(...arrays: Float64Array[]): string {
  let hash = 0x811c9dc5;
  for (const array of arrays) {
    const words = new Uint32Array(array.buffer, array.byteOffset, array.length * 2);
    for (let i = 0; i < words.length; i++) {
      hash ^= words[i];
      hash = Math.imul(hash, 0x01000193);
    }
  }
  return (hash >>> 0).toString(16) + ':' + arrays.map((a) => a.length).join('x');
}
