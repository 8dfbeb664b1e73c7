import { findDocumentRule } from './document-catalogue.ts';
import type { DomainEvent, EventType } from './events.ts';
import { describeReason } from './reasons.ts';
import { STEP_DECISION_TITLES, reviewStepTitle } from './review-steps.ts';
import { APPLICATION_STATUS_TITLES } from './statuses.ts';

/**
 * Russian journal texts, rendered when the journal is read: the journal itself stores event
 * types and codes only. The texts name documents and statuses, never personal data.
 */

const documentTitle = (event: DomainEvent): string =>
  findDocumentRule(event.documentType ?? '')?.title ?? event.documentType ?? 'без типа';

const documentTitles = (event: DomainEvent): string =>
  (event.documentTypes ?? []).map((type) => `«${findDocumentRule(type)?.title ?? type}»`).join(', ');

const decisionTitle = (event: DomainEvent): string =>
  (STEP_DECISION_TITLES as Record<string, string>)[event.decision ?? ''] ?? event.decision ?? 'без решения';

/** Appends «: <reason>» when the event carries a reason code. */
const withReason = (text: string, event: DomainEvent): string =>
  event.reasonCode === undefined ? text : `${text}: ${describeReason(event.reasonCode, event.documentTypes)}`;

/** Appends «, версия N» when the event names a contract version. */
const withContractVersion = (text: string, event: DomainEvent): string =>
  event.contractVersion === undefined ? text : `${text}, версия ${event.contractVersion}`;

const JOURNAL_TEXTS: Record<EventType, (event: DomainEvent) => string> = {
  APPLICATION_CREATED: () => 'Заявление создано',
  FORM_UPDATED: () => 'Анкета заявления изменена',
  APPLICATION_SUBMITTED: () => 'Заявление отправлено на проверку',
  STATUS_CHANGED: (event) => withReason(`Статус изменён на «${APPLICATION_STATUS_TITLES[event.status]}»`, event),
  DOCUMENT_UPLOAD_REQUESTED: (event) => `Запрошена загрузка документа «${documentTitle(event)}»`,
  DOCUMENT_ACCEPTED: (event) => `Документ «${documentTitle(event)}» принят`,
  DOCUMENT_REJECTED: (event) => withReason(`Документ «${documentTitle(event)}» отклонён`, event),
  OPERATOR_STEP_WAITING: (event) =>
    withReason(event.step === undefined ? 'Ожидает решения оператора' : `Ожидает решения оператора: ${reviewStepTitle(event.step)}`, event),
  OPERATOR_STEP_COMPLETED: (event) => withReason(`Шаг «${reviewStepTitle(event.step)}» завершён: ${decisionTitle(event)}`, event),
  DOCUMENTS_REQUESTED: (event) => `Запрошены документы: ${documentTitles(event)}`,
  DOCUMENTS_SUBMITTED: (event) => `Запрошенные документы представлены: ${documentTitles(event)}`,
  REVIEW_OVERDUE: () => 'Срок рассмотрения заявления (10 рабочих дней) истёк',
  REVIEW_ESCALATED: () => 'Рассмотрение передано старшему оператору',
  CONTRACT_CREATED: (event) => withContractVersion('Контракт сформирован', event),
  CONTRACT_EXTENDED: () => 'Срок контракта продлён',
  CONTRACT_TERMS_CHANGED: () => 'Условия контракта изменены',
  CONTRACT_OVERDUE: () => 'Пропущен срок по контракту',
  CONSULTATION_REMINDER: () => 'Отправлено напоминание о консультации',
  FEEDBACK_ANSWERED: () => 'Получен ответ на обращение',
  AMENDMENT_REQUESTED: () => 'Запрошено изменение условий контракта',
  AMENDMENT_APPROVED: () => 'Изменение условий контракта одобрено',
  AMENDMENT_REJECTED: (event) => withReason('Изменение условий контракта отклонено', event),
  CONTRACT_CANCELLED: () => 'Контракт отменён по заявлению гражданина',
};

/**
 * Returns the Russian journal text of an event. A type this version does not know (written by a
 * newer one) gets a neutral text with its code instead of failing the whole journal.
 */
export function describeEvent(event: DomainEvent): string {
  const describe = (JOURNAL_TEXTS as Partial<Record<string, (event: DomainEvent) => string>>)[event.type];
  return describe === undefined ? `Событие ${event.type}` : describe(event);
}
