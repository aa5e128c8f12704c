import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Smallest accepted API key: short keys are guessable, and the key is the only thing guarding /api/*. */
export const MIN_API_KEY_LENGTH = 8;

/** The validated service configuration. Field names are the keys of the optional config file. */
export const configSchema = z
  .object({
    host: z.string().min(1, 'must be a non-empty host name or address').default('127.0.0.1'),
    port: z.coerce
      .number({ invalid_type_error: 'must be a port number 0–65535' })
      .int('must be an integer')
      .min(0)
      .max(65535)
      .default(8070),
    apiKey: z.string().min(MIN_API_KEY_LENGTH, `must be at least ${MIN_API_KEY_LENGTH} characters`).optional(),
    allowNoKey: z.boolean().default(false),
    db: z.string().min(1, 'must be a non-empty file path').default('./.data/foresight.db'),
    bodyLimitBytes: z.coerce
      .number({ invalid_type_error: 'must be a number of bytes' })
      .int('must be an integer')
      .min(1024, 'must be at least 1024 bytes')
      .max(256 * 1024 * 1024, 'must be at most 268435456 bytes (256 MiB)')
      .default(1024 * 1024),
    logLevel: z.enum(LOG_LEVELS).default('info'),
    // Where server-side analytics (SLO evaluation, backend detectors) query metrics; optional until a capability needs it.
    prometheusUrl: z
      .string()
      .url('must be an absolute URL such as http://127.0.0.1:9090')
      .refine((value) => /^https?:\/\//i.test(value), 'must be an http(s) URL')
      .optional(),
    // How SLOs are evaluated: from the generated recording rules (cheap, needs them loaded into Prometheus) or with raw
    // queries per window (for a metrics source without those rules, e.g. the demo simulator's own query API).
    sloEvaluation: z.enum(['recorded', 'raw']).default('recorded'),
    shutdownTimeoutMs: z.coerce
      .number({ invalid_type_error: 'must be a number of milliseconds' })
      .int('must be an integer')
      .min(100)
      .max(600_000)
      .default(10_000),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.apiKey === undefined && !config.allowNoKey) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['apiKey'],
        message: 'is required: set FORESIGHT_API_KEY (or FORESIGHT_ALLOW_NO_KEY=1 to run without authentication)',
      });
    }
  });

export type ServiceConfig = z.infer<typeof configSchema>;

/** Environment variable → config field. Environment values override the config file. */
export const ENV_TO_FIELD = {
  FORESIGHT_HOST: 'host',
  FORESIGHT_PORT: 'port',
  FORESIGHT_API_KEY: 'apiKey',
  FORESIGHT_ALLOW_NO_KEY: 'allowNoKey',
  FORESIGHT_DB: 'db',
  FORESIGHT_BODY_LIMIT: 'bodyLimitBytes',
  FORESIGHT_LOG_LEVEL: 'logLevel',
  FORESIGHT_PROMETHEUS_URL: 'prometheusUrl',
  FORESIGHT_SLO_EVALUATION: 'sloEvaluation',
  FORESIGHT_SHUTDOWN_TIMEOUT_MS: 'shutdownTimeoutMs',
} as const satisfies Record<string, keyof ServiceConfig>;

export type ConfigEnvVar = keyof typeof ENV_TO_FIELD;
