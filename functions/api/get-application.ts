import { type ApiResult, httpHandler, jsonResponse } from '../commons/http.ts';
import { logger } from '../commons/logger.ts';
import { readOwnedApplication } from '../domain/applications.ts';
import { formVersionTag } from './application-access.ts';
import { loadApplicationDetail } from './application-detail.ts';
import { applicationPathSchema } from './schemas/path-parameters.ts';

/** Returns one of the caller's applications in full; another applicant's is reported as not found. */
export const handler = httpHandler({ path: applicationPathSchema }, async ({ applicantId, path }): Promise<ApiResult> => {
  logger.appendKeys({ applicationId: path.applicationId });
  const record = await readOwnedApplication(path.applicationId, applicantId);
  const view = await loadApplicationDetail(record);
  return jsonResponse(200, view, { etag: formVersionTag(view.formVersion) });
});
