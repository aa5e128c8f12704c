/** Polling for tests that wait on real services: one implementation for integration and browser tests. */
export interface UntilOptions {
  /** Pause between probes (default 500 ms). */
  intervalMs?: number;
  /** Collected on timeout and put in the error, so the failure says why. */
  explain?: () => Promise<string>;
  /** Stops the polling early (another part of the test failed); the wait then rejects with the abort reason. */
  signal?: AbortSignal;
}

/**
 * Polls `probe` until it returns a value other than undefined. A probe that throws counts as "not yet"; the last error
 * is kept for the timeout message.
 */
export async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  { intervalMs = 500, explain, signal }: UntilOptions = {}
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    if (signal?.aborted) {
      throw new Error(`stopped waiting for ${what}: ${String(signal.reason)}`);
    }
    try {
      const value = await probe();
      if (value !== undefined) {
        return value;
      }
    } catch (error) {
      last = error;
    }
    await new Promise((done) => setTimeout(done, intervalMs));
  }
  const lastError = last === undefined ? '' : ` (last error: ${last instanceof Error ? last.message : String(last)})`;
  const details = explain
    ? `\n${await explain().catch((error: unknown) => `(could not collect details: ${String(error)})`)}`
    : '';
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError}${details}`);
}
