// Validation tests of the benchmark tooling (e.g. the NAB scorer against published scores).
// They read ../shared/data, so they are kept out of the unit-test run.
process.env.TZ = 'UTC';
const unit = require('./jest.config');
const nodeProject = unit.projects.find((p) => p.displayName === 'engine+backend');

module.exports = {
  ...nodeProject,
  displayName: 'bench-validation',
  testMatch: ['<rootDir>/bench/**/*.test.ts'],
  testTimeout: 300000,
};
