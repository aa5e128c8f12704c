import type { FastifyInstance } from 'fastify';
import { HttpError } from '../http/errors';
import { apiKeyMatches, presentedApiKey } from './apiKey';

/**
 * Adds an onRequest hook to the given (encapsulated) instance: every route registered in it requires the key.
 * Runs before the body is read, so an unauthenticated client cannot make the server parse anything.
 */
export function requireApiKey(app: FastifyInstance, expectedKey: string): void {
  app.addHook('onRequest', async (request) => {
    const presented = presentedApiKey(request.headers);
    if (!apiKeyMatches(expectedKey, presented)) {
      throw new HttpError(
        401,
        'unauthorized',
        presented === undefined
          ? 'missing API key: send it in the X-Foresight-Key header (or Authorization: Bearer <key>)'
          : 'invalid API key'
      );
    }
  });
}
