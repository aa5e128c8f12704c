/**
 * Cooperative slicing of main-thread work: `maybeYield()` returns at once until `budgetMs` has passed since the last
 * yield, then waits one macrotask so input, paint and other panels get a turn. Keeps every task short.
 */
export function createYielder(budgetMs = 8): () => Promise<void> {
  let sliceStart = performance.now();
  return async () => {
    if (performance.now() - sliceStart < budgetMs) {
      return;
    }
    await nextMacrotask();
    sliceStart = performance.now();
  };
}

/** A MessageChannel message is a macrotask that, unlike nested setTimeout(0), is not clamped to 4 ms. */
export function nextMacrotask(): Promise<void> {
  if (typeof MessageChannel === 'undefined') {
    return new Promise((resolve) => setTimeout(resolve, 0));
  }
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
