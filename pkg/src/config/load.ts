import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { configSchema, ENV_TO_FIELD, type ConfigEnvVar, type ServiceConfig } from './schema';

/** A configuration problem; the message names the field (and the env var that sets it). */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const FIELD_TO_ENV = Object.fromEntries(Object.entries(ENV_TO_FIELD).map(([env, field]) => [field, env])) as Record<
  string,
  ConfigEnvVar
>;

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'off', '']);

function parseBooleanEnv(name: string, raw: string): boolean {
  const word = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) {
    return true;
  }
  if (FALSE_WORDS.has(word)) {
    return false;
  }
  throw new ConfigError(`${name}: expected 1/0/true/false, got ${JSON.stringify(raw)}`);
}

/** Reads the optional config file (JSON or YAML; YAML is a superset of JSON) into a plain object. */
export function readConfigFile(
  path: string,
  readText: (p: string) => string = (p) => readFileSync(p, 'utf8')
): Record<string, unknown> {
  let text: string;
  try {
    text = readText(path);
  } catch (err) {
    throw new ConfigError(`FORESIGHT_CONFIG: cannot read ${path}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (err) {
    throw new ConfigError(`FORESIGHT_CONFIG: ${path} is not valid JSON/YAML: ${(err as Error).message}`);
  }
  if (parsed === null || parsed === undefined) {
    return {};
  }
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(
      `FORESIGHT_CONFIG: ${path} must contain a mapping of settings, got ${Array.isArray(parsed) ? 'a list' : typeof parsed}`
    );
  }
  return parsed as Record<string, unknown>;
}

/** Picks the FORESIGHT_* variables that are set; empty strings count as unset except for booleans. */
export function configFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const fromEnv: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(ENV_TO_FIELD)) {
    const raw = env[name];
    if (raw === undefined || (raw === '' && field !== 'allowNoKey')) {
      continue;
    }
    fromEnv[field] = field === 'allowNoKey' ? parseBooleanEnv(name, raw) : raw;
  }
  return fromEnv;
}

/**
 * FORESIGHT_API_KEY_FILE: the key read from a file (a Docker/compose secret such as /run/secrets/foresight_api_key),
 * so the same secret file serves the backend, Alertmanager's credentials_file and Grafana's $__file{} provisioning.
 * FORESIGHT_API_KEY, when set, wins.
 */
export function apiKeyFromFile(
  env: NodeJS.ProcessEnv,
  readText: (p: string) => string = (p) => readFileSync(p, 'utf8')
): { apiKey?: string } {
  const keyFile = env.FORESIGHT_API_KEY_FILE;
  if (!keyFile) {
    return {};
  }
  try {
    return { apiKey: readText(keyFile).trim() };
  } catch (err) {
    throw new ConfigError(`FORESIGHT_API_KEY_FILE: cannot read ${keyFile}: ${(err as Error).message}`);
  }
}

/** Settings whose value must never appear in a message. */
const SECRET_FIELDS = new Set(['apiKey']);

function describeIssue(issue: z.ZodIssue, input: Record<string, unknown>): string {
  const field = issue.path.join('.') || '(config)';
  const env = FIELD_TO_ENV[String(issue.path[0])];
  const where = env ? `${field} (${env})` : field;
  if (issue.code === z.ZodIssueCode.unrecognized_keys) {
    return `config file: unknown setting(s) ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}; known: ${Object.keys(FIELD_TO_ENV).join(', ')}`;
  }
  const value = input[String(issue.path[0])];
  const got = value === undefined || SECRET_FIELDS.has(String(issue.path[0])) ? '' : ` (got ${JSON.stringify(value)})`;
  return `${where}: ${issue.message}${got}`;
}

/**
 * Builds the service configuration: defaults < config file (FORESIGHT_CONFIG) < environment.
 * Throws ConfigError naming every bad field.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, readText?: (p: string) => string): ServiceConfig {
  const filePath = env.FORESIGHT_CONFIG;
  const fromFile = filePath ? readConfigFile(filePath, readText) : {};
  const merged = { ...fromFile, ...apiKeyFromFile(env, readText), ...configFromEnv(env) };
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    throw new ConfigError(
      `invalid configuration: ${result.error.issues.map((issue) => describeIssue(issue, merged)).join('; ')}`
    );
  }
  return result.data;
}
