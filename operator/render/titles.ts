import { findDocumentRule } from '../../functions/domain/document-catalogue.ts';
import type { Actor } from '../../functions/domain/events.ts';
import { APPLICATION_STATUS_TITLES, DOCUMENT_STATUS_TITLES } from '../../functions/domain/statuses.ts';
import { OPERATOR_STEP_TITLES, PSYCHOLOGICAL_TESTING_RESULTS, REGISTRY_CHECK_RESULT_TITLES } from '../../functions/workflow/review-codes.ts';

// Each lookup falls back to the code itself, so a code added elsewhere still shows up readably.

export const statusTitle = (status: string): string => (APPLICATION_STATUS_TITLES as Record<string, string>)[status] ?? status;

export const documentStatusTitle = (status: string | undefined): string =>
  status === undefined ? 'Не загружен' : ((DOCUMENT_STATUS_TITLES as Record<string, string>)[status] ?? status);

export const documentTitle = (type: string): string => findDocumentRule(type)?.title ?? type;

export const stepTitle = (step: string): string => (OPERATOR_STEP_TITLES as Record<string, string>)[step] ?? step;

/**
 * A missing result means no registry response is stored yet: the check may still be running (it runs in
 * parallel with the commission and testing steps) or has ended without one.
 */
export const registryResultTitle = (result: string | undefined): string =>
  result === undefined ? 'Ответа реестра пока нет' : ((REGISTRY_CHECK_RESULT_TITLES as Record<string, string>)[result] ?? result);

export const testingResultTitle = (result: string): string => (PSYCHOLOGICAL_TESTING_RESULTS as Record<string, string>)[result] ?? result;

export function actorTitle(actor: Actor): string {
  if (actor.kind === 'applicant') return 'Заявитель';
  if (actor.kind === 'operator') return `Оператор ${actor.id}`;
  return 'Система';
}
