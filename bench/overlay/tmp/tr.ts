import { writeFileSync } from 'node:fs';
import { openBenchPage, runDetectorBench } from '../harness';
async function main() {
  const bench = await openBenchPage();
  const session = await bench.page.context().newCDPSession(bench.page);
  const events: any[] = [];
  session.on('Tracing.dataCollected', (p: any) => events.push(...p.value));
  await session.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8,disabled-by-default-v8.gc,toplevel', transferMode: 'ReportEvents' });
  const r = await runDetectorBench(bench.page, 'robust', 100, 10000, 2);
  const done = new Promise<void>((ok) => session.once('Tracing.tracingComplete', () => ok()));
  await session.send('Tracing.end'); await done;
  writeFileSync('/tmp/prof/trace.json', JSON.stringify(events));
  console.log(r.map((x) => `${x.label} ${x.totalMs.toFixed(1)} compute ${x.workerComputeMs.toFixed(0)}`).join('\n'));
  await bench.close();
}
main();
