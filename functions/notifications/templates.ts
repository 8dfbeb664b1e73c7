import { findDocumentRule } from '../domain/document-catalogue.ts';
import { reviewStepTitle } from '../domain/review-steps.ts';
import type { DomainEvent, EventType } from '../domain/events.ts';
import { describeReason } from '../domain/reasons.ts';
import { APPLICATION_STATUS_TITLES } from '../domain/statuses.ts';
import { renderEmailBody, type EmailMessage } from './email-layout.ts';

/**
 * Russian notification texts per event type and channel. The texts carry status wording and a
 * link to the application, never personal data: an SMS or e-mail can be read by someone else.
 */

export interface PushMessage {
  title: string;
  body: string;
}

/**
 * The maximum length of the portal address that the SMS texts are sized for. An SMS is a short
 * sentence plus `<portal>/applications/<26-character id>`, which must fit two UCS-2 segments
 * (134 characters).
 */
export const MAX_PORTAL_BASE_URL_LENGTH = 40;

/** The words of one notification: a short sentence for SMS and the push title, and e-mail paragraphs. */
interface Wording {
  headline: string;
  paragraphs: string[];
}

export const applicationUrl = (portalBaseUrl: string, applicationId: string): string =>
  `${portalBaseUrl}/applications/${encodeURIComponent(applicationId)}`;

const documentTitle = (event: DomainEvent): string =>
  findDocumentRule(event.documentType ?? '')?.title ?? 'документ';

function statusWording(event: DomainEvent): Wording {
  switch (event.status) {
    case 'RECEIVED':
      return { headline: 'Заявление получено', paragraphs: ['Ваше заявление получено.'] };
    case 'IN_REVIEW':
      return { headline: 'Заявление на проверке', paragraphs: ['Ваше заявление принято на проверку.'] };
    case 'APPROVED':
      return { headline: 'Заявление одобрено', paragraphs: ['Ваше заявление одобрено.'] };
    case 'REJECTED': {
      const reason = event.reasonCode ? [`Причина: ${describeReason(event.reasonCode, event.documentTypes)}.`] : [];
      return { headline: 'Заявление отклонено', paragraphs: ['Ваше заявление отклонено.', ...reason] };
    }
    case 'CANCELLED':
      return { headline: 'Контракт отменён', paragraphs: ['Контракт отменён по вашему заявлению.'] };
  }
}

const WORDING: Partial<Record<EventType, (event: DomainEvent) => Wording>> = {
  APPLICATION_SUBMITTED: () => ({
    headline: 'Заявление отправлено на проверку',
    paragraphs: ['Ваше заявление отправлено на проверку. О её результате мы сообщим.'],
  }),
  STATUS_CHANGED: statusWording,
  DOCUMENT_ACCEPTED: (event) => ({
    headline: 'Документ принят',
    paragraphs: [`Документ «${documentTitle(event)}» проверен и принят.`],
  }),
  DOCUMENT_REJECTED: (event) => ({
    headline: 'Документ отклонён, загрузите новый',
    paragraphs: [
      `Документ «${documentTitle(event)}» отклонён.`,
      ...(event.reasonCode ? [`Причина: ${describeReason(event.reasonCode, event.documentTypes)}.`] : []),
      'Загрузите исправленный документ в личном кабинете.',
    ],
  }),
  DOCUMENTS_REQUESTED: (event) => ({
    headline: 'Нужны дополнительные документы',
    paragraphs: [
      `Для проверки заявления загрузите документы: ${(event.documentTypes ?? []).map((type) => `«${findDocumentRule(type)?.title ?? type}»`).join(', ')}.`,
      'Когда все документы будут приняты, отправьте их в личном кабинете.',
    ],
  }),
  REVIEW_OVERDUE: () => ({
    headline: 'Срок рассмотрения заявления истёк',
    paragraphs: ['Срок рассмотрения вашего заявления (10 рабочих дней) истёк. Заявление передано старшему оператору.'],
  }),
  CONTRACT_CREATED: () => ({
    headline: 'Контракт сформирован',
    paragraphs: ['Проект контракта по вашему заявлению сформирован. Ознакомьтесь с ним в личном кабинете.'],
  }),
  CONTRACT_EXTENDED: () => ({
    headline: 'Срок контракта продлён',
    paragraphs: ['Срок действия вашего контракта продлён. Новые сроки указаны в личном кабинете.'],
  }),
  CONTRACT_TERMS_CHANGED: () => ({
    headline: 'Условия контракта изменены',
    paragraphs: ['Условия вашего контракта изменены. Ознакомьтесь с новой редакцией в личном кабинете.'],
  }),
  AMENDMENT_APPROVED: () => ({
    headline: 'Изменение условий одобрено',
    paragraphs: ['Изменение условий вашего контракта одобрено. Новая редакция контракта доступна в личном кабинете.'],
  }),
  AMENDMENT_REJECTED: () => ({
    headline: 'Изменение условий отклонено',
    paragraphs: ['Изменение условий вашего контракта отклонено. Действует прежняя редакция контракта.'],
  }),
  CONTRACT_CANCELLED: statusWording,
  CONTRACT_OVERDUE: () => ({
    headline: 'Пропущен срок по контракту',
    paragraphs: ['По вашему контракту пропущен установленный срок. Что нужно сделать, указано в личном кабинете.'],
  }),
  CONSULTATION_REMINDER: () => ({
    headline: 'Напоминание о консультации',
    paragraphs: ['Напоминаем о назначенной консультации по вашему заявлению. Дата, время и место указаны в личном кабинете.'],
  }),
  FEEDBACK_ANSWERED: () => ({
    headline: 'Получен ответ на обращение',
    paragraphs: ['На ваше обращение получен ответ. Прочитать его можно в личном кабинете.'],
  }),
};

/** Thrown for an event type without an applicant notification; no retry can fix it. */
export class MissingTemplateError extends Error {
  constructor(readonly eventType: string) {
    super(`No notification template for event type ${eventType}`);
    this.name = 'MissingTemplateError';
  }
}

function wordingOf(event: DomainEvent): Wording {
  const wording = WORDING[event.type];
  if (wording === undefined) throw new MissingTemplateError(event.type);
  return wording(event);
}

export function hasApplicantTemplate(eventType: EventType): boolean {
  return WORDING[eventType] !== undefined;
}

/** Renders the SMS: the headline and the link, within two UCS-2 segments for a portal address up to MAX_PORTAL_BASE_URL_LENGTH. */
export function renderSms(event: DomainEvent, portalBaseUrl: string): string {
  return `${wordingOf(event).headline}. ${applicationUrl(portalBaseUrl, event.applicationId)}`;
}

export function renderPush(event: DomainEvent): PushMessage {
  const wording = wordingOf(event);
  return { title: wording.headline, body: wording.paragraphs.join(' ') };
}

export function renderEmail(event: DomainEvent, portalBaseUrl: string): EmailMessage {
  const wording = wordingOf(event);
  return renderEmailBody({
    subject: `${wording.headline} — служба по контракту`,
    paragraphs: wording.paragraphs,
    link: { text: 'Открыть заявление', url: applicationUrl(portalBaseUrl, event.applicationId) },
    footer:
      'Это письмо отправлено автоматически, отвечать на него не нужно. ' +
      'Выбрать, о чём и как вас уведомлять, можно в настройках уведомлений личного кабинета.',
  });
}

const MOSCOW_TIME = new Intl.DateTimeFormat('ru-RU', {
  timeZone: 'Europe/Moscow',
  dateStyle: 'long',
  timeStyle: 'short',
});

/** Renders the e-mail to the operators' mailbox about a workflow step waiting for a decision. */
export function renderOperatorEmail(event: DomainEvent): EmailMessage {
  const since = MOSCOW_TIME.format(new Date(event.occurredAt));
  return renderEmailBody({
    // The step is in the subject, because one review waits for several steps in turn.
    subject: `Заявление ${event.applicationId} ждёт решения оператора: ${reviewStepTitle(event.step)}`,
    paragraphs: [
      `Заявление ${event.applicationId} ждёт решения оператора с ${since} (МСК).`,
      `Шаг: ${event.step === undefined ? 'не указан' : reviewStepTitle(event.step)}. Статус заявления: ${APPLICATION_STATUS_TITLES[event.status]}.`,
      'Примите решение в рабочем месте оператора.',
    ],
    footer: 'Это письмо отправлено автоматически сервисом «Служба по контракту».',
  });
}
