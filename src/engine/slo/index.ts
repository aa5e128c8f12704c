/** Public surface of the SLO engine (backend and pages import from here). */
export * from './types';
export * from './duration';
export * from './budget';
export * from './windows';
export * from './alertState';
export * from './validate';
export * from './promql';
export * from './rules';
export * from './ruleYaml';
export * from './grafanaRules';
export * from './importSlos';
export * from './nativeFormat';
export * from './openslo';
export * from './sloth';
export * from './status';
export * from './history';
