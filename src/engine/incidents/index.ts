/** Public API of the alert → incident engine, used by the backend and the pages. */
export * from './types';
export * from './config';
export * from './correlator';
export * from './fingerprint';
export * from './groupingQuality';
export * from './incidentId';
export * from './kpis';
export * from './linking';
export * from './priority';
export * from './serviceGraph';
