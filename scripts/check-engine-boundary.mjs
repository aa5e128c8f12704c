#!/usr/bin/env node
// Proves the lint rule that keeps src/engine pure: each forbidden import, linted as if it lived in src/engine,
// must be reported; the same code outside src/engine, and a pure engine file, must not be. The probes are linted
// under the path of an existing file (typed linting only accepts files in the tsconfig program); nothing is written.
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });
const cases = [
  { code: "import React from 'react';\nexport const x = React;\n", forbidden: true },
  { code: "import { getBackendSrv } from '@grafana/runtime';\nexport const x = getBackendSrv;\n", forbidden: true },
  { code: "import fs from 'fs';\nexport const x = fs;\n", forbidden: true },
  { code: "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", forbidden: true },
  { code: "import http from 'http';\nexport const x = http;\n", forbidden: true },
  { code: "import Database from 'better-sqlite3';\nexport const x = Database;\n", forbidden: true },
  { code: "export const x = () => fetch('/api');\n", forbidden: true },
  { code: "import { median } from './stats/robust';\nexport const x = median;\n", forbidden: false },
];

let passed = 0;
let failed = 0;
async function lintAs(filePath, code) {
  let [result] = await eslint.lintText(code, { filePath });
  if (result.messages.some((m) => m.fatal)) {
    // A parse failure says nothing about the rule: report it, then lint once more (it happened once on a cold,
    // heavily loaded machine and never again).
    console.log(`note: parse failure on first try: ${result.messages.find((m) => m.fatal).message.split('\n')[0]}`);
    [result] = await eslint.lintText(code, { filePath });
  }
  const relevant = result.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals');
  if (relevant.length === 0 && result.messages.length > 0) {
    console.log(`note: other messages: ${result.messages.map((m) => `${m.ruleId}: ${m.message.split('\n')[0]}`).join(' | ')}`);
  }
  return relevant;
}
for (const { code, forbidden } of cases) {
  const first = code.split('\n')[0];
  const inEngine = await lintAs('src/engine/types.ts', code);
  const ok = forbidden ? inEngine.length > 0 : inEngine.length === 0;
  console.log(`${ok ? 'ok  ' : 'FAIL'} src/engine ${forbidden ? 'rejects' : 'accepts'}: ${first}`);
  ok ? passed++ : failed++;
}
const outside = await lintAs('src/components/testIds.ts', cases[0].code);
const outsideOk = outside.length === 0;
console.log(`${outsideOk ? 'ok  ' : 'FAIL'} the rule applies to src/engine only (React allowed in components)`);
outsideOk ? passed++ : failed++;
console.log(`engine boundary: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
