#!/usr/bin/env node
// Proves the lint rule that keeps src/engine pure: each forbidden import, in a real file under src/engine, must be
// reported; the same code under src/components, and a pure engine file, must not be. The probe files are written
// before ESLint builds its TypeScript program (typed linting reads files from disk) and always removed.
import { ESLint } from 'eslint';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const cases = [
  { code: "import React from 'react';\nexport const x = React;\n", forbidden: true },
  { code: "import { getBackendSrv } from '@grafana/runtime';\nexport const x = getBackendSrv;\n", forbidden: true },
  { code: "import fs from 'fs';\nexport const x = fs;\n", forbidden: true },
  { code: "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", forbidden: true },
  { code: "import http from 'http';\nexport const x = http;\n", forbidden: true },
  { code: "import Database from 'better-sqlite3';\nexport const x = Database;\n", forbidden: true },
  { code: "export const x = () => fetch('/api');\n", forbidden: true },
  { code: "import { median } from '../stats/robust';\nexport const x = median;\n", forbidden: false },
];
const engineDir = join('src', 'engine', '__boundary_probe__');
const outsideDir = join('src', 'components', '__boundary_probe__');
const probes = cases.map((c, i) => ({ ...c, file: join(engineDir, `probe${i}.ts`) }));
const outside = { code: cases[0].code, file: join(outsideDir, 'probe.ts') };

let passed = 0;
let failed = 0;
const relevant = (result) =>
  result.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals');
try {
  mkdirSync(engineDir, { recursive: true });
  mkdirSync(outsideDir, { recursive: true });
  for (const probe of [...probes, outside]) {
    writeFileSync(probe.file, probe.code);
  }
  const eslint = new ESLint({ cwd: process.cwd() });
  const results = await eslint.lintFiles([...probes, outside].map((p) => p.file));
  const byFile = new Map(results.map((r) => [r.filePath.slice(process.cwd().length + 1), r]));
  for (const probe of probes) {
    const result = byFile.get(probe.file);
    const hits = result ? relevant(result) : [];
    const ok = Boolean(result) && (probe.forbidden ? hits.length > 0 : hits.length === 0);
    const first = probe.code.split('\n')[0];
    console.log(`${ok ? 'ok  ' : 'FAIL'} src/engine ${probe.forbidden ? 'rejects' : 'accepts'}: ${first}`);
    if (!ok && result) {
      console.log(
        `     messages: ${result.messages.map((m) => `${m.ruleId}: ${m.message.split('\n')[0]}`).join(' | ') || 'none'}`
      );
    }
    ok ? passed++ : failed++;
  }
  const outsideResult = byFile.get(outside.file);
  const outsideOk = Boolean(outsideResult) && relevant(outsideResult).length === 0;
  console.log(`${outsideOk ? 'ok  ' : 'FAIL'} the rule applies to src/engine only (React allowed in components)`);
  outsideOk ? passed++ : failed++;
} finally {
  rmSync(engineDir, { recursive: true, force: true });
  rmSync(outsideDir, { recursive: true, force: true });
}
console.log(`engine boundary: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
