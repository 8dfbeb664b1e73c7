import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../functions/domain/events.ts';
import { runCli } from '../../../operator/run-cli.ts';
import {
  AUDIENCE,
  PERSONAL_DATA_TABLE,
  STATE_TABLE,
  captureIo,
  dynamo,
  givenApplication,
  givenWaitingSteps,
  issueToken,
  sfn,
  sfnError,
  useConsoleMocks,
  waitingApplication,
} from './console-mocks.ts';

const JOURNAL: DomainEvent[] = [
  {
    eventId: 'event-1',
    type: 'APPLICATION_SUBMITTED',
    applicationId: 'app-1',
    applicantId: 'applicant-1',
    occurredAt: '2025-03-03T08:00:00.000Z',
    actor: { kind: 'applicant', id: 'applicant-1' },
    status: 'RECEIVED',
    sequence: 4,
  },
  {
    eventId: 'event-2',
    type: 'OPERATOR_STEP_WAITING',
    applicationId: 'app-1',
    applicantId: 'applicant-1',
    occurredAt: '2025-03-03T09:00:00.000Z',
    actor: { kind: 'system', id: 'kontrakt' },
    status: 'IN_REVIEW',
    step: 'FINAL_APPROVAL',
    reasonCode: 'REGISTRY_UNAVAILABLE',
    sequence: 6,
  },
];

const FORM = {
  fullName: { lastName: 'Петрова', firstName: 'Анна', middleName: 'Сергеевна' },
  birthDate: '1995-11-02',
  passport: { series: '4506', number: '123456' },
};

function givenShowData(): void {
  givenApplication(
    waitingApplication({
      documents: {
        PASSPORT: {
          status: 'ACCEPTED',
          uploadId: 'upload-1',
          objectKey: 'uploads/applicant-1/app-1/PASSPORT/upload-1',
          acceptedObjectKey: 'accepted/applicant-1/app-1/PASSPORT/0f4c',
          fileName: 'Паспорт_20240101.pdf',
          contentType: 'application/pdf',
          requestedAt: '2025-03-02T08:00:00.000Z',
        },
      },
    }),
  );
  dynamo.on(QueryCommand, { TableName: STATE_TABLE }).resolves({ Items: JOURNAL.map((event) => ({ pk: 'APPLICATION#app-1', sk: `JOURNAL#${event.eventId}`, ...event })) });
  dynamo.on(GetCommand, { TableName: PERSONAL_DATA_TABLE }).callsFake((input: { Key: { sk: string } }) => {
    if (input.Key.sk === 'FORM') return { Item: { pk: 'APPLICATION#app-1', sk: 'FORM', form: FORM } };
    if (input.Key.sk === 'REGISTRY_CHECK#app-1-r1') return { Item: { result: 'RECORD_FOUND', checkedAt: '2025-03-03T08:30:00.000Z' } };
    if (input.Key.sk === 'STEP_RESULT#app-1-r1#MEDICAL_COMMISSION') return { Item: { result: 'Б', step: 'MEDICAL_COMMISSION' } };
    return {};
  });
}

const operatorToken = () => issueToken('operator-7', ['operator']);

describe('runCli', () => {
  useConsoleMocks();

  it('prints Russian help for --help', async () => {
    const io = captureIo();

    const exitCode = await runCli(['--help'], io);

    expect(exitCode).toBe(0);
    expect(io.output()).toContain('Консоль оператора Kontrakt');
    expect(io.output()).toContain('request-documents <applicationId> --types PASSPORT,MILITARY_ID');
    expect(io.output()).toContain('record-commission <applicationId> --category');
  });

  it('lists waiting steps as JSON without task tokens', async () => {
    givenWaitingSteps([waitingApplication()]);
    dynamo.on(GetCommand, { TableName: PERSONAL_DATA_TABLE }).resolves({ Item: { result: 'NO_RECORD' } });
    const io = captureIo();

    const exitCode = await runCli(['list', '--json', '--token', await operatorToken()], io);

    expect(exitCode).toBe(0);
    expect(JSON.parse(io.output())).toEqual({
      waitingSteps: [{ applicationId: 'app-1', step: 'FINAL_APPROVAL', waitingSince: '2025-03-03T09:00:00.000Z', escalated: false, registryResult: 'NO_RECORD' }],
    });
    expect(io.output()).not.toContain('secret-token-1');
  });

  it('lists waiting steps as a Russian table', async () => {
    givenWaitingSteps([waitingApplication()]);
    dynamo.on(GetCommand, { TableName: PERSONAL_DATA_TABLE }).resolves({});
    const io = captureIo({ KONTRAKT_OPERATOR_TOKEN: await operatorToken() });

    await runCli(['list'], io);

    expect(io.output()).toContain('Ожидающих шагов: 1');
    expect(io.output()).toContain('Итоговое решение по заявлению');
    expect(io.output()).toContain('03.03.2025 12:00');
    expect(io.output()).toContain('1 д 3 ч');
    expect(io.output()).toContain('Ответа реестра пока нет');
    expect(io.output()).not.toContain('\u001b[');
  });

  it('filters list by step and age', async () => {
    const parallel = waitingApplication({
      waitingTasks: {
        MEDICAL_COMMISSION: { step: 'MEDICAL_COMMISSION', taskToken: 't1', waitId: 'w1', since: '2025-03-01T09:00:00.000Z', executionName: 'app-1-r1' },
        PSYCHOLOGICAL_TESTING: { step: 'PSYCHOLOGICAL_TESTING', taskToken: 't2', waitId: 'w2', since: '2025-03-04T09:00:00.000Z', executionName: 'app-1-r1' },
      },
    });
    givenWaitingSteps([parallel]);
    dynamo.on(GetCommand, { TableName: PERSONAL_DATA_TABLE }).resolves({});
    const token = await operatorToken();

    const byStep = captureIo();
    await runCli(['list', '--json', '--token', token, '--step', 'PSYCHOLOGICAL_TESTING'], byStep);
    const byAge = captureIo();
    await runCli(['list', '--json', '--token', token, '--older-than', '2d'], byAge);

    const steps = (io: ReturnType<typeof captureIo>) => (JSON.parse(io.output()) as { waitingSteps: Array<{ step: string }> }).waitingSteps.map((row) => row.step);
    expect(steps(byStep)).toEqual(['PSYCHOLOGICAL_TESTING']);
    expect(steps(byAge)).toEqual(['MEDICAL_COMMISSION']);
  });

  it('shows status, documents, results and journal', async () => {
    givenShowData();
    const io = captureIo();

    const exitCode = await runCli(['show', 'app-1', '--token', await operatorToken()], io);

    const output = io.output();
    expect(exitCode).toBe(0);
    expect(output).toContain('Статус: На проверке');
    expect(output).toContain('Срок рассмотрения: до 17.03.2025 включительно');
    expect(output).toContain('ФИО: Петрова Анна Сергеевна');
    expect(output).toContain('Паспорт гражданина Российской Федерации');
    expect(output).toContain('Ссылки для скачивания (действуют 5 мин):\nПаспорт гражданина Российской Федерации: http');
    expect(output).toContain('X-Amz-Expires=300');
    expect(output).toContain('/accepted/applicant-1/app-1/PASSPORT/0f4c?');
    expect(output).toContain('Реестр судимостей: Найдены сведения о судимости');
    expect(output).toContain('Военно-врачебная комиссия: категория Б');
    expect(output).toContain('Заявление отправлено на проверку');
    expect(output).toContain('Ожидает решения оператора: Итоговое решение по заявлению');
    expect(output).not.toContain('secret-token-1');
  });

  it('shows the application as JSON', async () => {
    givenShowData();
    const io = captureIo();

    await runCli(['show', 'app-1', '--json', '--token', await operatorToken()], io);

    const { application, error } = JSON.parse(io.output()) as { application: Record<string, unknown>; error?: unknown };
    expect(error).toBeUndefined();
    expect(application.status).toBe('IN_REVIEW');
    expect(application.journal).toHaveLength(2);
    expect(application.results).toEqual({ registryResult: 'RECORD_FOUND', medicalCommissionCategory: 'Б' });
    expect(application.form).toEqual({ fullName: 'Петрова Анна Сергеевна', birthDate: '1995-11-02', passport: '4506 123456' });
    expect(JSON.stringify(application)).not.toContain('secret-token-1');
  });

  it('refuses command without token', async () => {
    givenApplication(waitingApplication());
    const io = captureIo();

    const exitCode = await runCli(['approve', 'app-1'], io);

    expect(exitCode).toBe(1);
    expect(io.errors()).toContain('Нет токена оператора: укажите --token <JWT> или переменную окружения KONTRAKT_OPERATOR_TOKEN');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('names missing issuer settings', async () => {
    const io = { ...captureIo({ KONTRAKT_JWKS_URL: '' }), keySet: undefined };

    const exitCode = await runCli(['list', '--token', await operatorToken()], io);

    expect(exitCode).toBe(1);
    expect(io.errors()).toContain('Не заданы переменные окружения для проверки токена: KONTRAKT_JWKS_URL');
  });

  it('refuses token with foreign signature', async () => {
    givenApplication(waitingApplication());
    const io = captureIo();

    const exitCode = await runCli(['approve', 'app-1', '--token', await issueToken('operator-7', ['operator'], { foreignKey: true })], io);

    expect(exitCode).toBe(1);
    expect(io.errors()).toContain('Токен оператора отклонён');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('refuses token for another audience', async () => {
    const io = captureIo();

    const exitCode = await runCli(['list', '--token', await issueToken('operator-7', ['operator'], { audience: `${AUDIENCE}-other` })], io);

    expect(exitCode).toBe(1);
    expect(io.errors()).toContain('неверное значение «aud» в токене');
  });

  it('refuses applicant token without role', async () => {
    givenApplication(waitingApplication());
    const io = captureIo();

    const exitCode = await runCli(['approve', 'app-1', '--token', await issueToken('applicant-1', [])], io);

    expect(exitCode).toBe(1);
    expect(io.errors()).toContain('нужна роль «operator»');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('refuses token without expiry', async () => {
    givenApplication(waitingApplication());
    const io = captureIo();

    const exitCode = await runCli(['approve', 'app-1', '--token', await issueToken('operator-7', ['operator'], { withoutExpiry: true })], io);

    expect(exitCode).toBe(1);
    expect(io.errors()).toContain('Токен оператора отклонён');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('refuses a repeated option', async () => {
    givenApplication(waitingApplication());
    const io = captureIo();

    const exitCode = await runCli(['record-commission', 'app-1', '--category', 'Б', '--category', 'Г', '--token', await operatorToken()], io);

    expect(exitCode).toBe(2);
    expect(io.errors()).toContain('--category указан несколько раз');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('refuses a reason with control characters', async () => {
    givenApplication(waitingApplication());
    const io = captureIo();

    const exitCode = await runCli(['reject', 'app-1', '--reason', 'Причина\u001b[31m', '--token', await operatorToken()], io);

    expect(exitCode).toBe(2);
    expect(io.errors()).toContain('управляющие символы');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('takes operator id from token subject', async () => {
    givenApplication(waitingApplication());
    sfn.on(SendTaskSuccessCommand).resolves({});
    const io = captureIo({ KONTRAKT_OPERATOR_TOKEN: await issueToken('operator-3', ['operator']) });

    const exitCode = await runCli(['approve', 'app-1'], io);

    expect(exitCode).toBe(0);
    expect(io.output()).toContain('Передано в процесс проверки: решение «Одобрено» по заявлению app-1, шаг «Итоговое решение по заявлению», оператор operator-3.');
    const output = JSON.parse(sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input.output ?? '') as { operatorId: string };
    expect(output.operatorId).toBe('operator-3');
  });

  it('requires a reason for a rejection', async () => {
    const io = captureIo();

    const exitCode = await runCli(['reject', 'app-1'], io);

    expect(exitCode).toBe(2);
    expect(io.errors()).toContain('Укажите причину отказа');
  });

  it('rejects unknown document type', async () => {
    const io = captureIo();

    const exitCode = await runCli(['request-documents', 'app-1', '--types', 'PASSPORT,SPACESHIP_LICENSE'], io);

    expect(exitCode).toBe(2);
    expect(io.errors()).toContain('Неизвестные типы документов: SPACESHIP_LICENSE');
  });

  it('rejects unknown fitness category', async () => {
    const io = captureIo();

    const exitCode = await runCli(['record-commission', 'app-1', '--category', 'Е'], io);

    expect(exitCode).toBe(2);
    expect(io.errors()).toContain('Недопустимое значение «Е»');
  });

  it('records commission category Г as unfit', async () => {
    const waitingTasks = { MEDICAL_COMMISSION: { step: 'MEDICAL_COMMISSION', taskToken: 'secret-3', waitId: 'w3', since: '2025-03-03T09:00:00.000Z', executionName: 'app-1-r1' } };
    givenApplication(waitingApplication({ waitingTasks }));
    dynamo.on(PutCommand, { TableName: PERSONAL_DATA_TABLE }).resolves({});
    sfn.on(SendTaskSuccessCommand).resolves({});
    const io = captureIo();

    const exitCode = await runCli(['record-commission', 'app-1', '--category', 'Г', '--token', await operatorToken()], io);

    expect(exitCode).toBe(0);
    expect(io.output()).toContain('заявление будет отклонено');
    const output = sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input.output ?? '';
    expect(JSON.parse(output)).toEqual({ decision: 'RECORDED', waitId: 'w3', operatorId: 'operator-7', fitForService: false });
    expect(output).not.toContain('Г');
    expect(dynamo.commandCalls(PutCommand, { TableName: PERSONAL_DATA_TABLE })[0]?.args[0].input.Item).toMatchObject({ result: 'Г', step: 'MEDICAL_COMMISSION' });
  });

  it('refuses record-testing at commission step', async () => {
    const waitingTasks = { MEDICAL_COMMISSION: { step: 'MEDICAL_COMMISSION', taskToken: 'secret-3', waitId: 'w3', since: '2025-03-03T09:00:00.000Z', executionName: 'app-1-r1' } };
    givenApplication(waitingApplication({ waitingTasks }));
    const io = captureIo();

    const exitCode = await runCli(['record-testing', 'app-1', '--result', 'RECOMMENDED', '--token', await operatorToken()], io);

    expect(exitCode).toBe(1);
    expect(io.errors()).toContain('ничего не изменено');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('exits 1 on second decision', async () => {
    givenApplication(waitingApplication());
    sfn.on(SendTaskSuccessCommand).rejects(sfnError('TaskDoesNotExist'));
    const io = captureIo();

    const exitCode = await runCli(['approve', 'app-1', '--token', await operatorToken()], io);

    expect(exitCode).toBe(1);
    expect(io.errors()).toBe('Ошибка: Этот шаг уже завершён или его срок истёк; решение не записано, ничего не изменено\n');
  });

  it('prints errors as JSON with --json', async () => {
    givenApplication(waitingApplication());
    sfn.on(SendTaskSuccessCommand).rejects(sfnError('TaskTimedOut'));
    const io = captureIo();

    const exitCode = await runCli(['approve', 'app-1', '--json', '--token', await operatorToken()], io);

    expect(exitCode).toBe(1);
    expect(JSON.parse(io.output())).toEqual({
      error: { code: 'OPERATOR_STEP_CLOSED', message: 'Этот шаг уже завершён или его срок истёк; решение не записано, ничего не изменено' },
    });
  });

  it('names missing environment variables', async () => {
    const io = captureIo({ STATE_TABLE_NAME: '' });

    const exitCode = await runCli(['list', '--token', await operatorToken()], io);

    expect(exitCode).toBe(1);
    expect(io.errors()).toContain('Не заданы переменные окружения: STATE_TABLE_NAME');
  });

  it('rejects an unknown command with exit code 2', async () => {
    const io = captureIo();

    const exitCode = await runCli(['delete', 'app-1'], io);

    expect(exitCode).toBe(2);
    expect(io.errors()).toContain('Неизвестная команда «delete»');
  });
});
