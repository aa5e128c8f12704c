import { detectionPoolSize, DetectionRunner, InlineRunner, WorkerPoolRunner } from './runner';

/**
 * The pool the datasource uses. Kept in its own module because `import.meta.url` is what lets webpack 5 emit the
 * worker as a separate chunk under the plugin's public path; Jest never loads this file.
 * Pool size: `detectionPoolSize` (cores − 1, at most 4; 2 on a 2-core machine).
 */
export function createDetectionRunner(): DetectionRunner {
  if (typeof Worker === 'undefined') {
    return new InlineRunner();
  }
  const cores = typeof navigator !== 'undefined' && navigator.hardwareConcurrency ? navigator.hardwareConcurrency : 2;
  const size = detectionPoolSize(cores);
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
