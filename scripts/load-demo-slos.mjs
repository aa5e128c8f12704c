#!/usr/bin/env node
// Imports the demo shop's SLOs (provisioning/slos/demo-shop.slo.yaml) into the backend once, so the SLOs page has
// figures on first start. SLOs that exist already are left as they are (the user may have edited them).
// Usage: node scripts/load-demo-slos.mjs <backendUrl> [specFile]   (key from FORESIGHT_API_KEY)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [
  backendUrl = 'http://127.0.0.1:8070',
  specFile = fileURLToPath(new URL('../provisioning/slos/demo-shop.slo.yaml', import.meta.url)),
] = process.argv.slice(2);
const apiKey = process.env.FORESIGHT_API_KEY;
if (!apiKey) {
  console.error('load-demo-slos: set FORESIGHT_API_KEY to the backend key');
  process.exit(2);
}
const headers = { 'content-type': 'application/json', 'x-foresight-key': apiKey };
const yaml = readFileSync(specFile, 'utf8');

// A dry run returns the parsed specs; import only those the backend does not hold yet (the import is all or nothing).
const dry = await fetch(`${backendUrl}/api/slos/import`, {
  method: 'POST',
  headers,
  body: JSON.stringify({ yaml, dryRun: true }),
});
if (!dry.ok) {
  console.error(`load-demo-slos: ${specFile} was rejected (HTTP ${dry.status}): ${await dry.text()}`);
  process.exit(1);
}
const { specs } = await dry.json();
const existing = await fetch(`${backendUrl}/api/slos`, { headers });
if (!existing.ok) {
  console.error(`load-demo-slos: GET ${backendUrl}/api/slos answered HTTP ${existing.status}`);
  process.exit(1);
}
const known = new Set((await existing.json()).slos.map((s) => s.spec.id));
const missing = specs.filter((spec) => !known.has(spec.id));
for (const spec of missing) {
  const created = await fetch(`${backendUrl}/api/slos`, { method: 'POST', headers, body: JSON.stringify({ spec }) });
  if (!created.ok && created.status !== 409) {
    console.error(`load-demo-slos: POST ${spec.id} answered HTTP ${created.status}: ${await created.text()}`);
    process.exit(1);
  }
}
console.log(`load-demo-slos: ${missing.length} SLO(s) imported, ${specs.length - missing.length} already present`);
