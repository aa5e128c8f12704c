import { DetectionRunner, InlineRunner, WorkerPoolRunner } from './runner';

/**
 * The pool the datasource uses. Kept in its own module because `import.meta.url` is what lets webpack 5 emit the
 * worker as a separate chunk under the plugin's public path; Jest never loads this file.
 * Pool size: one worker per core but one, at most 4, at least 1 — a core stays free for the main thread, so
 * rendering and input never wait behind detection even when the workers are saturated.
 */
export function createDetectionRunner(): DetectionRunner {
  if (typeof Worker === 'undefined') {
    return new InlineRunner();
  }
  const cores = typeof navigator !== 'undefined' && navigator.hardwareConcurrency ? navigator.hardwareConcurrency : 2;
  const size = Math.max(1, Math.min(4, cores - 1));
  try {
    return new WorkerPoolRunner(
      () =>
        new Worker(
          // The plugin's output.library is AMD; a worker has no `define`, so its chunk assigns to `self` instead.
          /* webpackEntryOptions: { library: { type: "self", name: "foresightDetectionWorker" } } */
          new URL('./detection.worker.ts', import.meta.url),
          { name: 'foresight-detection' }
        ),
      size
    );
  } catch {
    // A Content-Security-Policy without worker-src blocks workers: detect on the main thread, one series per task.
    return new InlineRunner();
  }
}
