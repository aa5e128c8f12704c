import { createHash, timingSafeEqual } from 'node:crypto';

/** Header the Grafana plugin proxy injects (plugin.json routes). */
export const API_KEY_HEADER = 'x-foresight-key';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Constant-time key comparison. Both sides are hashed first so the buffers always have equal length
 * (timingSafeEqual requires it) and the compare time does not reveal the expected key's length.
 */
export function apiKeyMatches(expectedKey: string, presentedKey: string | undefined): boolean {
  if (presentedKey === undefined) {
    return false;
  }
  return timingSafeEqual(digest(expectedKey), digest(presentedKey));
}

/**
 * The key a request presents: `X-Foresight-Key`, or `Authorization: Bearer <key>` for webhook senders
 * (Alertmanager, Grafana contact points) that can only set an Authorization header.
 */
export function presentedApiKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const direct = headers[API_KEY_HEADER];
  if (typeof direct === 'string') {
    return direct;
  }
  if (Array.isArray(direct)) {
    // A repeated header is ambiguous: refuse rather than pick one.
    return undefined;
  }
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    return match ? match[1] : undefined;
  }
  return undefined;
}
