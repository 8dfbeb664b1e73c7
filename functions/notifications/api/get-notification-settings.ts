import { httpHandler } from '../../commons/http.ts';
import { readSettingsForApplicant } from '../settings-store.ts';
import { settingsResponse } from './settings-view.ts';

/** GET /notification-settings: the caller's settings, or the defaults when none are saved. */
export const handler = httpHandler({}, async ({ applicantId }) => settingsResponse(await readSettingsForApplicant(applicantId)));
