import packageJson from '../../package.json';

/** The service version: the plugin's package version, inlined at build time so the bundle needs no package.json. */
export const SERVICE_VERSION: string = packageJson.version;
