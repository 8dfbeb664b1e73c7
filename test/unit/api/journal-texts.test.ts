import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, type DomainEvent } from '../../../functions/domain/events.ts';
import { describeEvent } from '../../../functions/domain/journal-texts.ts';
import { domainEvent } from './api-test-kit.ts';

describe('describeEvent', () => {
  it.each<[string, Partial<DomainEvent>, string]>([
    ['creation', { type: 'APPLICATION_CREATED' }, 'Заявление создано'],
    ['form edit', { type: 'FORM_UPDATED' }, 'Анкета заявления изменена'],
    ['submission', { type: 'APPLICATION_SUBMITTED' }, 'Заявление отправлено на проверку'],
    ['status change', { type: 'STATUS_CHANGED', status: 'IN_REVIEW' }, 'Статус изменён на «На проверке»'],
    [
      'status change with a reason and documents',
      { type: 'STATUS_CHANGED', status: 'REJECTED', reasonCode: 'MISSING_REQUIRED_DOCUMENT', documentTypes: ['PASSPORT', 'MILITARY_ID'] },
      'Статус изменён на «Отклонено»: Отсутствует обязательный документ: Паспорт гражданина Российской Федерации, Военный билет',
    ],
    ['upload request', { type: 'DOCUMENT_UPLOAD_REQUESTED', documentType: 'DIPLOMA' }, 'Запрошена загрузка документа «Диплом»'],
    ['accepted document', { type: 'DOCUMENT_ACCEPTED', documentType: 'PASSPORT' }, 'Документ «Паспорт гражданина Российской Федерации» принят'],
    [
      'rejected document',
      { type: 'DOCUMENT_REJECTED', documentType: 'PASSPORT', reasonCode: 'FILE_TOO_LARGE' },
      'Документ «Паспорт гражданина Российской Федерации» отклонён: Файл превышает допустимый размер',
    ],
    ['operator step', { type: 'OPERATOR_STEP_WAITING' }, 'Ожидает решения оператора'],
    [
      'operator step with a reason',
      { type: 'OPERATOR_STEP_WAITING', reasonCode: 'REGISTRY_UNAVAILABLE' },
      'Ожидает решения оператора: Реестр судимостей не ответил; решение принимает оператор',
    ],
    ['document of an unknown type', { type: 'DOCUMENT_ACCEPTED', documentType: 'FUTURE_TYPE' }, 'Документ «FUTURE_TYPE» принят'],
  ])('describes %s', (_case, overrides, expected) => {
    expect(describeEvent(domainEvent(overrides))).toBe(expected);
  });

  it.each(EVENT_TYPES)('has a Russian text for %s', (type) => {
    // Act
    const text = describeEvent(domainEvent({ type, documentType: 'PASSPORT' }));

    // Assess
    expect(text).toMatch(/^[А-ЯЁ]/u);
    expect(text).not.toContain(type);
  });

  it('names an event type this version does not know by its code', () => {
    // Prepare
    const event = domainEvent({ type: 'SOMETHING_NEW' as DomainEvent['type'] });

    // Act
    const text = describeEvent(event);

    // Assess
    expect(text).toBe('Событие SOMETHING_NEW');
  });
});
