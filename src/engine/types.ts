/** The shared contract: every domain type used by the engine, the backend API and the UI. */
export * from './severity';
export * from './series';
export * from './detect/types';
export * from './incidents/types';
export * from './slo/types';
export * from './topology/types';
