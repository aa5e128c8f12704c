/**
 * Attribution of the main thread's long tasks from a Chrome trace (CDP Tracing): for each `RunTask` on the renderer
 * main thread, its wall time, how much of it was garbage collection and which script function took the most.
 */
import type { CDPSession } from 'playwright-core';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of the event, µs: much less than `dur` means the thread was not running. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { functionName?: string; url?: string; lineNumber?: number } };
}

export interface LongTask {
  ms: number;
  /** CPU time the main thread actually spent in the task. */
  cpuMs: number;
  gcMs: number;
  /** The slowest script call inside the task, `function (file:line)`, or `-` when no script ran. */
  topFunction: string;
  topFunctionMs: number;
}

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'disabled-by-default-v8.gc',
].join(',');

export async function startTrace(session: CDPSession): Promise<() => Promise<LongTask[]>> {
  const events: TraceEvent[] = [];
  session.on('Tracing.dataCollected', (payload) => events.push(...(payload.value as unknown as TraceEvent[])));
  await session.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  return async () => {
    const complete = new Promise<void>((resolve) => session.once('Tracing.tracingComplete', () => resolve()));
    await session.send('Tracing.end');
    await complete;
    return longTasks(events);
  };
}

function longTasks(events: TraceEvent[], minMs = 30): LongTask[] {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) {
    return [];
  }
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined);
  const tasks = onMain.filter((e) => e.name === 'RunTask' && e.dur! / 1000 >= minMs);
  return tasks
    .map((task) => {
      const end = task.ts + task.dur!;
      const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= end);
      // Top-level GC events only (nested phases would count twice).
      const gcMs = inside
        .filter((e) => /^(MajorGC|MinorGC|V8\.GC_MARK_COMPACTOR|V8\.GC_SCAVENGER)$/.test(e.name))
        .reduce((sum, e) => sum + e.dur! / 1000, 0);
      const calls = inside.filter(
        (e) => e.name === 'FunctionCall' || e.name === 'EvaluateScript' || e.name === 'v8.callFunction'
      );
      const top = calls.sort((a, b) => b.dur! - a.dur!)[0];
      const where = top?.args?.data;
      return {
        ms: task.dur! / 1000,
        cpuMs: (task.tdur ?? task.dur!) / 1000,
        gcMs,
        topFunction: top
          ? `${where?.functionName || top.name} (${(where?.url ?? '').split('/').pop()}:${where?.lineNumber ?? '?'})`
          : '-',
        topFunctionMs: top ? top.dur! / 1000 : 0,
      };
    })
    .sort((a, b) => b.ms - a.ms);
}
