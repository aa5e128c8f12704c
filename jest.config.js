// Root jest config: extends the scaffold's .config/jest.config.js (never edited).
// Two projects: browser-side UI code in jsdom, and the pure engine and the Node backend in node.
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');
const { grafanaESModules, nodeModulesToTransform } = require('./.config/jest/utils');

const swc = Object.values(base.transform)[0];
const shared = {
  ...base,
  // d3 ≥ 7.9 ships .mjs entry points (platform.md row 1d); transform them too.
  transform: { '^.+\\.(t|j)sx?$|^.+\\.mjs$': swc },
  moduleFileExtensions: ['js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'json', 'node'],
  transformIgnorePatterns: [
    nodeModulesToTransform([...grafanaESModules, 'd3-[a-z-]+', 'internmap', 'delaunator', 'robust-predicates']),
  ],
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'ui',
      testEnvironment: 'jest-environment-jsdom',
      testMatch: ['<rootDir>/src/**/*.test.{ts,tsx}'],
      testPathIgnorePatterns: ['<rootDir>/src/engine/'],
    },
    {
      ...shared,
      displayName: 'engine+backend',
      testEnvironment: 'node',
      setupFilesAfterEnv: [],
      testMatch: ['<rootDir>/src/engine/**/*.test.ts', '<rootDir>/pkg/**/*.test.ts', '<rootDir>/demo/**/*.test.ts'],
    },
  ],
};
