import { z } from 'zod';

/** Limits keep one request from filling the disk or making the dependency check slow. */
export const CATALOGUE_LIMITS = { services: 10_000, dependsOn: 500, text: 2_000, name: 200 } as const;

const httpUrl = z
  .string()
  .max(CATALOGUE_LIMITS.text)
  .url('must be an absolute URL')
  .refine((value) => /^https?:\/\//i.test(value), 'must be an http(s) URL');

export const serviceNodeSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'must be a non-empty service name')
      .max(CATALOGUE_LIMITS.name, `must be at most ${CATALOGUE_LIMITS.name} characters`),
    team: z.string().trim().min(1).max(CATALOGUE_LIMITS.name).optional(),
    tier: z
      .union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], {
        errorMap: () => ({ message: 'must be 1, 2, 3 or 4' }),
      })
      .optional(),
    dependsOn: z
      .array(z.string().trim().min(1, 'must be a non-empty service name').max(CATALOGUE_LIMITS.name))
      .max(CATALOGUE_LIMITS.dependsOn)
      .default([]),
    runbookUrl: httpUrl.optional(),
    revenuePerHour: z.number().finite().nonnegative('must be zero or more').optional(),
    description: z.string().max(CATALOGUE_LIMITS.text).optional(),
  })
  .strict();

export const catalogueSchema = z
  .object({
    services: z
      .array(serviceNodeSchema)
      .max(CATALOGUE_LIMITS.services, `at most ${CATALOGUE_LIMITS.services} services`),
  })
  .strict();
