import { type ApiResult, httpHandler, jsonResponse } from '../commons/http.ts';
import { listApplicantApplications } from '../domain/applications.ts';
import { toApplicationSummary } from './views/application-view.ts';

/** Lists the caller's own applications, newest first. */
export const handler = httpHandler({}, async ({ applicantId }): Promise<ApiResult> => {
  const records = await listApplicantApplications(applicantId);
  return jsonResponse(200, { applications: records.map(toApplicationSummary) });
});
