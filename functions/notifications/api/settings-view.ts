import { jsonResponse, type ApiResult } from '../../commons/http.ts';
import type { NotificationSettings } from '../settings.ts';

/**
 * Returns the settings as the API shows them, with the version as a strong ETag for `If-Match`.
 * The push endpoint ARN stays internal; the client only learns whether one is registered.
 */
export function settingsResponse(settings: NotificationSettings): ApiResult {
  const body = {
    version: settings.version,
    preferences: settings.preferences,
    pushEndpointRegistered: settings.pushEndpointArn !== undefined,
    updatedAt: settings.updatedAt,
  };
  return jsonResponse(200, body, { etag: `"${settings.version}"`, 'cache-control': 'no-store' });
}
