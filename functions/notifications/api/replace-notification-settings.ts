import { z } from 'zod';
import { httpHandler } from '../../commons/http.ts';
import { preferencesSchema } from '../settings.ts';
import { replacePreferences } from '../settings-store.ts';
import { readSettingsIfMatch } from './if-match.ts';
import { settingsResponse } from './settings-view.ts';

const bodySchema = z.strictObject({ preferences: preferencesSchema });

/**
 * PUT /notification-settings: replaces every preference at once. `If-Match` must carry the
 * version last read (or `*`), so an edit made from a stale page fails with 412 instead of undoing a newer one.
 */
export const handler = httpHandler({ body: bodySchema }, async ({ applicantId, body, headers }) => {
  const ifMatch = readSettingsIfMatch(headers['if-match']);
  return settingsResponse(await replacePreferences(applicantId, body.preferences, ifMatch));
});
