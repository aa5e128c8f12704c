/**
 * Recycled Float64Arrays by length. Allocating a large typed array is cheap in Node but costs ≈ 0.1 ms in a browser
 * worker (fresh zeroed memory, page faults), which for a 10,000-point series is as much as scoring it. A caller that
 * scores the same series again and again (the overlay's worker) gives back the arrays of the state it replaces, and
 * the next series takes them. Arrays come back dirty: `take` callers must write every element they read.
 */
export class Float64Pool {
  private readonly free = new Map<number, Float64Array[]>();
  private held = 0;

  /** `maxPoints`: the most doubles kept for reuse (beyond it, given arrays are left to the garbage collector). */
  constructor(private readonly maxPoints: number) {
    if (!(maxPoints >= 0)) {
      throw new RangeError(`Float64Pool maxPoints must be ≥ 0, got ${maxPoints}`);
    }
  }

  /** Doubles currently held for reuse. */
  get size(): number {
    return this.held;
  }

  /** An array of exactly `length` elements: a recycled one (contents undefined) or a new one (zeros). */
  take(length: number): Float64Array {
    const stack = this.free.get(length);
    const reused = stack?.pop();
    if (reused) {
      this.held -= length;
      return reused;
    }
    return new Float64Array(length);
  }

  /** Hands arrays back; the caller must not use them afterwards. Views into larger buffers are not kept. */
  give(...arrays: Float64Array[]): void {
    for (const a of arrays) {
      if (
        a.byteOffset !== 0 ||
        a.byteLength !== a.buffer.byteLength ||
        a.length === 0 ||
        this.held + a.length > this.maxPoints
      ) {
        continue;
      }
      const stack = this.free.get(a.length);
      if (stack) {
        if (stack.includes(a)) {
          continue;
        }
        stack.push(a);
      } else {
        this.free.set(a.length, [a]);
      }
      this.held += a.length;
    }
  }
}

/** Takes from `pool` when there is one, else allocates: engine functions accept an optional pool. */
export function takeFloat64(pool: Float64Pool | undefined, length: number): Float64Array {
  return pool ? pool.take(length) : new Float64Array(length);
}
