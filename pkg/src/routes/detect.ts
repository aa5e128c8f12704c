import { z } from 'zod';
import { detectOne } from '../../../src/datasource/detection/runDetection';
import type { DetectionOptions } from '../../../src/datasource/detection/protocol';
import { DetectResponseBody, outcomeToWire, seriesFromWire } from '../../../src/datasource/detection/wire';
import type { DetectorKind } from '../../../src/engine/detect/types';
import { badRequest } from '../http/errors';
import { parseOrBadRequest } from '../http/validate';
import type { RoutePlugin } from './context';

/** What each detector kind runs here: the same src/engine code as the browser, on ranges too long for it. */
const ENGINE_KIND: Record<string, Exclude<DetectorKind, `backend-${string}`> | undefined> = {
  auto: 'auto',
  robust: 'robust',
  seasonal: 'seasonal',
  'isolation-forest': 'isolation-forest',
  ensemble: 'ensemble',
  'backend-forecast': 'seasonal',
};

const seriesSchema = z
  .object({
    key: z.string().min(1).max(2000),
    timestamps: z.array(z.number().finite()),
    values: z.array(z.number().finite().nullable()),
    trainingPoints: z.number().int().min(0),
  })
  .strict()
  .refine((s) => s.values.length === s.timestamps.length, {
    message: 'values must have one entry per timestamp',
    path: ['values'],
  });

const detectSchema = z
  .object({
    options: z
      .object({
        kind: z.string(),
        sensitivity: z.number().min(0).max(1).default(0.5),
        seasonality: z.union([z.literal('auto'), z.literal('none'), z.number().int().min(2)]).default('auto'),
        seed: z.number().int().default(42),
      })
      .strict(),
    series: z.array(seriesSchema).min(1).max(1000),
  })
  .strict();

/**
 * `POST /api/detect`: scores the posted series with the engine and answers one result per series, keyed like the
 * request (contract: src/datasource/detection/wire.ts). A series that cannot be scored gets `ok: false` with a reason.
 */
export const detectRoutes: RoutePlugin = async (app) => {
  app.post('/detect', async (request): Promise<DetectResponseBody> => {
    const body = parseOrBadRequest(detectSchema, request.body);
    const engineKind = ENGINE_KIND[body.options.kind];
    if (!engineKind) {
      throw badRequest(
        `options.kind: "${body.options.kind}" is not served by this backend; use one of ${Object.keys(ENGINE_KIND).join(', ')}`,
        'options.kind'
      );
    }
    const options: DetectionOptions = { ...body.options, kind: engineKind };
    const started = Date.now();
    const results = body.series.map((s) => {
      const { timestamps, values } = seriesFromWire(s);
      return outcomeToWire(s.key, detectOne(timestamps, values, s.trainingPoints, options));
    });
    request.log.info(
      {
        series: body.series.length,
        points: body.series.reduce((n, s) => n + s.timestamps.length, 0),
        kind: body.options.kind,
        ms: Date.now() - started,
      },
      'detect'
    );
    return { results };
  });
};
