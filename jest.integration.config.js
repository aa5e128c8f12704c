// Integration tests: start real services (the built backend, Prometheus, Alertmanager) on loopback.
process.env.TZ = 'UTC';
const unit = require('./jest.config');
const nodeProject = unit.projects.find((p) => p.displayName === 'engine+backend');

module.exports = {
  ...nodeProject,
  displayName: 'integration',
  testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
  testTimeout: 120000,
};
