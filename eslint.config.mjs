import { defineConfig } from 'eslint/config';
import baseConfig from './.config/eslint.config.mjs';

// The engine is shared by the browser and the Node backend: pure TypeScript, no UI, no Grafana runtime, no I/O.
const engineForbiddenImports = {
  paths: [
    { name: 'react', message: 'src/engine is pure TypeScript: no React.' },
    { name: 'react-dom', message: 'src/engine is pure TypeScript: no React.' },
    { name: '@grafana/runtime', message: 'src/engine must not depend on the Grafana runtime.' },
    { name: '@grafana/ui', message: 'src/engine must not depend on Grafana UI.' },
  ],
  patterns: [
    { group: ['node:*'], message: 'src/engine runs in the browser too: no Node built-ins.' },
    {
      group: [
        'fs',
        'fs/*',
        'path',
        'os',
        'child_process',
        'net',
        'http',
        'https',
        'http2',
        'dgram',
        'dns',
        'tls',
        'crypto',
        'stream',
        'worker_threads',
        'cluster',
        'process',
        'url',
        'util',
        'zlib',
        'events',
        'buffer',
        'readline',
        'vm',
        'perf_hooks',
        'async_hooks',
        'v8',
        'module',
        'assert',
      ],
      message: 'src/engine runs in the browser too: no Node built-ins or I/O.',
    },
    {
      group: ['better-sqlite3', 'fastify', 'pg', 'axios', 'node-fetch', 'prom-client', '@grafana/runtime/*', 'react/*'],
      message: 'src/engine does no I/O and has no UI.',
    },
    {
      group: ['**/pkg/**', '**/components/**', '**/pages/**', '**/datasource/**'],
      message: 'src/engine imports nothing outside itself.',
    },
  ],
};

export default defineConfig([
  {
    ignores: [
      '**/logs',
      '**/*.log',
      '**/node_modules/',
      '**/coverage',
      '**/dist/',
      '**/artifacts/',
      '**/work/',
      '**/ci/',
      'test-results/',
      'playwright-report/',
      'blob-report/',
      'playwright/.cache/',
      'playwright/.auth/',
      '**/.eslintcache',
      'tests/host/build/',
      '.cache/',
    ],
  },
  ...baseConfig,
  {
    // Node-side TypeScript (backend, benchmarks, demo workload, tests, scripts) gets the same rules as src/;
    // without a `files` entry ESLint would skip .ts files outside src/.
    files: ['pkg/**/*.ts', 'bench/**/*.ts', 'demo/**/*.ts', 'tests/**/*.ts', 'scripts/**/*.ts', '*.ts'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', engineForbiddenImports],
      // fetch, XMLHttpRequest and WebSocket are I/O too.
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'src/engine does no I/O.' },
        { name: 'XMLHttpRequest', message: 'src/engine does no I/O.' },
        { name: 'WebSocket', message: 'src/engine does no I/O.' },
        { name: 'localStorage', message: 'src/engine does no I/O.' },
        { name: 'document', message: 'src/engine has no DOM.' },
        { name: 'window', message: 'src/engine has no DOM.' },
        { name: 'require', message: 'src/engine uses ES imports only.' },
        { name: 'process', message: 'src/engine runs in the browser too.' },
      ],
    },
  },
]);
