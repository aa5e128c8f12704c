/**
 * The last `capacity` values pushed, readable as ONE contiguous view in arrival order: each value is written twice,
 * at i and i + capacity of a double-length buffer, so the window never wraps. For code that reads whole windows
 * now and then (selection, copies) without keeping the full history.
 */
export class MirrorRing {
  private readonly buffer: Float64Array;
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`MirrorRing capacity must be a positive integer, got ${capacity}`);
    }
    this.buffer = new Float64Array(2 * capacity);
  }

  get size(): number {
    return this.count;
  }

  push(value: number): void {
    this.buffer[this.head] = value;
    this.buffer[this.head + this.capacity] = value;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    if (this.count < this.capacity) {
      this.count++;
    }
  }

  /** The last `size` values, oldest first: a view, valid until the next push. */
  window(): Float64Array {
    return this.count < this.capacity
      ? this.buffer.subarray(0, this.count)
      : this.buffer.subarray(this.head, this.head + this.capacity);
  }
}
