import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { sfnClient } from '../commons/clients.ts';
import { AppError, ConflictError, type FieldError } from '../commons/errors.ts';
import { type ApiResult, httpHandler, jsonResponse } from '../commons/http.ts';
import { logger } from '../commons/logger.ts';
import type { ApplicationRecord, WaitingTask } from '../domain/application-record.ts';
import { readOwnedApplication } from '../domain/applications.ts';
import { findDocumentRule } from '../domain/document-catalogue.ts';
import { APPLICATION_STATUS_TITLES } from '../domain/statuses.ts';
import type { StepCompletionOutput } from '../workflow/review-codes.ts';
import { applicationPathSchema } from './schemas/path-parameters.ts';

/** SendTaskSuccess errors that mean the wait is over: submitted already, timed out or stopped. */
const CLOSED_TASK_ERRORS = new Set(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken']);

const documentsNotRequested = (): ConflictError =>
  new ConflictError('DOCUMENTS_NOT_REQUESTED', 'Оператор не запрашивал документы по этому заявлению, или они уже представлены');

/** Returns the requested wait, or throws when the review is not waiting for the applicant's documents. */
export function requestedDocumentsWait(record: ApplicationRecord): WaitingTask {
  const waiting = record.waitingTasks?.APPLICANT_DOCUMENTS;
  if (record.status !== 'IN_REVIEW' || waiting === undefined) throw documentsNotRequested();
  return waiting;
}

/** Lists the requested documents that were not uploaded again after the request and accepted. */
function findUnreadyDocuments(record: ApplicationRecord, waiting: WaitingTask): FieldError[] {
  return (waiting.documentTypes ?? []).flatMap((type) => {
    const title = findDocumentRule(type)?.title ?? type;
    const document = record.documents?.[type];
    if (document === undefined || document.requestedAt < waiting.since) {
      return [{ path: `documents.${type}`, code: 'DOCUMENT_MISSING', message: `Документ «${title}» не загружен после запроса` }];
    }
    if (document.status !== 'ACCEPTED') {
      return [{ path: `documents.${type}`, code: 'DOCUMENT_NOT_ACCEPTED', message: `Документ «${title}» ещё не проверен или отклонён; загрузите его снова` }];
    }
    return [];
  });
}

/**
 * Hands the documents an operator requested back to the review: checks that each requested type
 * was uploaded after the request and accepted, then completes the waiting step, and the review
 * resumes at the step that asked. A repeated call after success is 409 DOCUMENTS_NOT_REQUESTED.
 */
export async function submitRequestedDocuments(record: ApplicationRecord, applicantId: string): Promise<string[]> {
  const waiting = requestedDocumentsWait(record);
  const unready = findUnreadyDocuments(record, waiting);
  if (unready.length > 0) {
    throw new AppError(409, 'DOCUMENTS_INCOMPLETE', `Не все запрошенные документы приняты: ${unready.map((field) => field.message).join('; ')}`, unready);
  }

  const documentTypes = waiting.documentTypes ?? [];
  const output: StepCompletionOutput = { decision: 'SUBMITTED', waitId: waiting.waitId, applicantId, documentTypes };
  try {
    await sfnClient.send(new SendTaskSuccessCommand({ taskToken: waiting.taskToken, output: JSON.stringify(output) }));
  } catch (error) {
    if (error instanceof Error && CLOSED_TASK_ERRORS.has(error.name)) throw documentsNotRequested();
    throw error;
  }
  return documentTypes;
}

export const handler = httpHandler({ path: applicationPathSchema }, async ({ applicantId, path }): Promise<ApiResult> => {
  logger.appendKeys({ applicationId: path.applicationId });
  const record = await readOwnedApplication(path.applicationId, applicantId);
  const documentTypes = await submitRequestedDocuments(record, applicantId);
  logger.info('Requested documents submitted', { documentTypes });

  return jsonResponse(202, {
    applicationId: record.applicationId,
    status: record.status,
    statusTitle: APPLICATION_STATUS_TITLES[record.status],
    documentTypes,
  });
});
