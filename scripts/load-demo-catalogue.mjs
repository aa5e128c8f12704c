#!/usr/bin/env node
// Loads the demo shop's dependency graph (the simulator's GET /topology) into the backend's service catalogue,
// so incident correlation links alerts of dependent services (checkout → payment) into one incident. Runbooks are
// not set here: the demo alert rules carry their own runbook_url annotations.
// Usage: node scripts/load-demo-catalogue.mjs <simulatorUrl> <backendUrl>   (key from FORESIGHT_API_KEY)
const [simulatorUrl = 'http://127.0.0.1:9464', backendUrl = 'http://127.0.0.1:8070'] = process.argv.slice(2);
const apiKey = process.env.FORESIGHT_API_KEY;
if (!apiKey) {
  console.error('load-demo-catalogue: set FORESIGHT_API_KEY to the backend key');
  process.exit(2);
}

// Customer-facing path of the shop: an outage there is a tier-1 problem.
const TIER_ONE = new Set(['frontend', 'api', 'checkout', 'payment', 'payment-gateway']);

const topologyResponse = await fetch(`${simulatorUrl}/topology`);
if (!topologyResponse.ok) {
  console.error(`load-demo-catalogue: ${simulatorUrl}/topology answered HTTP ${topologyResponse.status}`);
  process.exit(1);
}
const topology = await topologyResponse.json();
const services = topology.services.map((name) => ({
  name,
  team: 'shop',
  tier: TIER_ONE.has(name) ? 1 : 2,
  dependsOn: [...new Set(topology.edges.filter((e) => e.client === name).map((e) => e.server))].sort(),
}));
const put = await fetch(`${backendUrl}/api/catalogue`, {
  method: 'PUT',
  headers: { 'content-type': 'application/json', 'x-foresight-key': apiKey },
  body: JSON.stringify({ services }),
});
if (!put.ok) {
  console.error(
    `load-demo-catalogue: PUT ${backendUrl}/api/catalogue answered HTTP ${put.status}: ${await put.text()}`
  );
  process.exit(1);
}
console.log(`load-demo-catalogue: ${services.length} services, ${topology.edges.length} dependencies`);
