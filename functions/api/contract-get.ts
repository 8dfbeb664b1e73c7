import { NotFoundError } from '../commons/errors.ts';
import { type ApiResult, httpHandler, jsonResponse } from '../commons/http.ts';
import { logger } from '../commons/logger.ts';
import { parseOrThrow } from '../commons/validation.ts';
import { readOwnedApplication } from '../domain/applications.ts';
import { APPLICATION_STATUS_TITLES } from '../domain/statuses.ts';
import { createDownloadUrl } from '../personal-data/documents.ts';
import { contractNotFound } from './contract-access.ts';
import { contractQuerySchema } from './schemas/contract-requests.ts';
import { applicationPathSchema } from './schemas/path-parameters.ts';
import { toContractView } from './views/contract-view.ts';

/** Lifetime of the download link: long enough to start the download, short because the file contains personal data. */
export const CONTRACT_DOWNLOAD_TTL_SECONDS = 300;

/**
 * Returns the contract of one of the caller's applications with a presigned link to download the
 * current version, or the version `?version=N`. The contract stays readable after a cancellation.
 */
export const handler = httpHandler({ path: applicationPathSchema }, async ({ applicantId, path, event }): Promise<ApiResult> => {
  logger.appendKeys({ applicationId: path.applicationId });
  const query = parseOrThrow(contractQuerySchema, event.queryStringParameters ?? {}, 'query');
  const record = await readOwnedApplication(path.applicationId, applicantId);
  const view = toContractView(record);
  if (view === undefined || record.contract === undefined) throw contractNotFound();

  const version = query.version ?? record.contract.currentVersion;
  const stored = record.contract.versions.find((candidate) => candidate.version === version);
  if (stored === undefined) {
    throw new NotFoundError('CONTRACT_VERSION_NOT_FOUND', `Редакции ${version} у контракта нет; последняя редакция — ${record.contract.currentVersion}`);
  }
  const now = Date.now();
  const fileName = `Контракт_${view.contractNumber}_редакция_${version}.pdf`;
  const downloadUrl = await createDownloadUrl(stored.objectKey, fileName, CONTRACT_DOWNLOAD_TTL_SECONDS);
  logger.info('Contract download link issued', { contractVersion: version });

  return jsonResponse(200, {
    applicationId: record.applicationId,
    status: record.status,
    statusTitle: APPLICATION_STATUS_TITLES[record.status],
    ...view,
    version,
    downloadUrl,
    downloadExpiresAt: new Date(now + CONTRACT_DOWNLOAD_TTL_SECONDS * 1000).toISOString(),
  });
});
