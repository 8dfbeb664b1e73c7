import { describe, expect, it } from 'vitest';
import { DOCUMENT_CATALOGUE } from '../../../functions/domain/document-catalogue.ts';
import { REASON_MESSAGES } from '../../../functions/domain/reasons.ts';
import { APPLICATION_STATUS_TITLES, type ApplicationStatus } from '../../../functions/domain/statuses.ts';
import { APPLICANT_EVENT_TYPES } from '../../../functions/notifications/channels.ts';
import { countSmsSegments, MAX_SMS_SEGMENTS } from '../../../functions/notifications/sms-segments.ts';
import {
  MAX_PORTAL_BASE_URL_LENGTH,
  MissingTemplateError,
  renderEmail,
  renderOperatorEmail,
  renderPush,
  renderSms,
} from '../../../functions/notifications/templates.ts';
import { APPLICATION_ID, sampleEvent } from './sample-events.ts';

/** A portal address of the maximum length the construct accepts. */
const LONGEST_PORTAL_URL = 'https://kontrakt-sluzhba.gosuslugi.ru/lk'.padEnd(MAX_PORTAL_BASE_URL_LENGTH, 'x');
const APPLICATION_LINK = `${LONGEST_PORTAL_URL}/applications/${APPLICATION_ID}`;

const longestDocumentType = [...DOCUMENT_CATALOGUE].sort((a, b) => b.title.length - a.title.length)[0]!.type;
const longestReasonCode = Object.entries(REASON_MESSAGES).sort((a, b) => b[1].length - a[1].length)[0]![0];

/** Each applicant event type in its wordiest form, and every status of a status change. */
const WORST_CASE_EVENTS = [
  ...APPLICANT_EVENT_TYPES.map((type) =>
    sampleEvent(type, { documentType: longestDocumentType, reasonCode: longestReasonCode, status: 'REJECTED' }),
  ),
  ...(Object.keys(APPLICATION_STATUS_TITLES) as ApplicationStatus[]).map((status) =>
    sampleEvent('STATUS_CHANGED', { status, reasonCode: 'MISSING_REQUIRED_DOCUMENT', documentTypes: ['PASSPORT', 'MILITARY_ID'] }),
  ),
];

describe('countSmsSegments', () => {
  it.each([
    ['а'.repeat(70), 1],
    ['а'.repeat(71), 2],
    ['а'.repeat(134), 2],
    ['а'.repeat(135), 3],
    ['a'.repeat(160), 1],
    ['a'.repeat(161), 2],
    ['{'.repeat(80), 1],
    ['{'.repeat(81), 2],
  ])('counts a text of %#', (text, segments) => {
    expect(countSmsSegments(text)).toBe(segments);
  });
});

describe('notification templates', () => {
  it.each(WORST_CASE_EVENTS.map((event) => [`${event.type} ${event.status}`, event] as const))(
    'fit the SMS for %s into two segments',
    (_, event) => {
      const sms = renderSms(event, LONGEST_PORTAL_URL);

      expect(sms.length, sms).toBeLessThanOrEqual(134);
      expect(countSmsSegments(sms)).toBeLessThanOrEqual(MAX_SMS_SEGMENTS);
      expect(sms).toContain(APPLICATION_LINK);
    },
  );

  it.each(WORST_CASE_EVENTS.map((event) => [`${event.type} ${event.status}`, event] as const))(
    'render push and e-mail for %s',
    (_, event) => {
      const push = renderPush(event);
      const email = renderEmail(event, LONGEST_PORTAL_URL);

      expect(push.title).not.toBe('');
      expect(push.body).not.toBe('');
      expect(email.subject).toContain(push.title);
      expect(email.text).toContain(APPLICATION_LINK);
      expect(email.html).toContain(`href="${APPLICATION_LINK}"`);
      expect(email.html).toContain('<html lang="ru">');
    },
  );

  it('names the rejected document and the reason', () => {
    const event = sampleEvent('DOCUMENT_REJECTED', { documentType: 'PASSPORT', reasonCode: 'DOCUMENT_EXPIRED' });

    const email = renderEmail(event, LONGEST_PORTAL_URL);

    expect(email.text).toContain('«Паспорт гражданина Российской Федерации» отклонён');
    expect(email.text).toContain('Причина: Срок действия документа истёк.');
  });

  it('words each status of a status change differently', () => {
    const statuses = Object.keys(APPLICATION_STATUS_TITLES) as ApplicationStatus[];

    const headlines = statuses.map((status) => renderPush(sampleEvent('STATUS_CHANGED', { status })).title);

    expect(new Set(headlines).size).toBe(statuses.length);
    expect(headlines).toContain('Заявление одобрено');
  });

  it('escapes markup in the HTML part', () => {
    const event = sampleEvent('DOCUMENT_REJECTED', { documentType: '<script>alert(1)</script>' });

    const email = renderEmail(event, 'https://portal.example.ru');

    expect(email.html).not.toContain('<script>');
  });

  it('rejects an event type without an applicant template', () => {
    const event = sampleEvent('OPERATOR_STEP_WAITING');

    expect(() => renderSms(event, LONGEST_PORTAL_URL)).toThrow(MissingTemplateError);
  });

  it('renders the operators e-mail with the application id and step', () => {
    const event = sampleEvent('OPERATOR_STEP_WAITING', { step: 'CRIMINAL_RECORD_REVIEW' });

    const email = renderOperatorEmail(event);

    expect(email.subject).toContain(APPLICATION_ID);
    expect(email.text).toContain('Шаг: CRIMINAL_RECORD_REVIEW');
    expect(email.subject).toContain('CRIMINAL_RECORD_REVIEW');
  });

  it('names a known step by its title', () => {
    const event = sampleEvent('OPERATOR_STEP_WAITING', { step: 'MEDICAL_COMMISSION' });

    const email = renderOperatorEmail(event);

    expect(email.subject).toBe(`Заявление ${APPLICATION_ID} ждёт решения оператора: Заключение военно-врачебной комиссии`);
    expect(email.text).toContain('Шаг: Заключение военно-врачебной комиссии.');
    expect(email.text).toContain('14 марта 2026 г. в 12:30 (МСК)');
    expect(email.html).toContain(APPLICATION_ID);
  });
});
