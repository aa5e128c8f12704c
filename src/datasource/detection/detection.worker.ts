/// <reference lib="webworker" />
/**
 * Web Worker entry: scores series one per macrotask, so a `cancel` sent when the panel re-queries is seen between
 * two series and the rest of the cancelled job is dropped unscored.
 */
import { CachedDetector } from './runDetection';
import { DetectRequestMessage, FromWorkerMessage, ToWorkerMessage, transferList } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const detector = new CachedDetector();
const queue: DetectRequestMessage[] = [];
const cancelledJobs = new Set<number>();
let scheduled = false;

// A MessageChannel tick is not clamped like nested setTimeout(0) (4 ms after five levels).
const tick = new MessageChannel();
tick.port1.onmessage = () => {
  scheduled = false;
  processNext();
  if (queue.length > 0) {
    schedule();
  }
};

function schedule() {
  if (!scheduled) {
    scheduled = true;
    tick.port2.postMessage(null);
  }
}

function post(message: FromWorkerMessage, transfer: ArrayBuffer[]) {
  scope.postMessage(message, transfer);
}

function processNext() {
  const job = queue.shift();
  if (!job) {
    return;
  }
  if (cancelledJobs.has(job.jobId)) {
    if (!queue.some((q) => q.jobId === job.jobId)) {
      cancelledJobs.delete(job.jobId);
    }
    return;
  }
  const started = performance.now();
  try {
    const { outcome, fromCache, reusedPoints } = detector.run(
      job.cacheKey,
      job.timestamps,
      job.values,
      job.trainingPoints,
      job.options
    );
    // Measured for cache hits too: a robust series served from its kept state still runs alarms and explanations.
    const elapsedMs = performance.now() - started;
    const { jobId, index, timestamps, values } = job;
    post(
      { type: 'result', jobId, index, outcome, timestamps, values, fromCache, elapsedMs, reusedPoints },
      transferList(outcome, job.timestamps, job.values)
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    post(
      { type: 'error', jobId: job.jobId, index: job.index, message, timestamps: job.timestamps, values: job.values },
      [job.timestamps.buffer as ArrayBuffer, job.values.buffer as ArrayBuffer]
    );
  }
}

scope.onmessage = (event: MessageEvent<ToWorkerMessage>) => {
  const message = event.data;
  if (message.type === 'cancel') {
    if (queue.some((q) => q.jobId === message.jobId)) {
      cancelledJobs.add(message.jobId);
    }
    return;
  }
  queue.push(message);
  schedule();
};
