import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../functions/domain/events.ts';
import { runCli } from '../../../operator/run-cli.ts';
import {
  PERSONAL_DATA_TABLE,
  STATE_TABLE,
  captureIo,
  dynamo,
  givenApplication,
  givenWaitingSteps,
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
  givenApplication(waitingApplication());
  dynamo.on(QueryCommand, { TableName: STATE_TABLE }).resolves({ Items: JOURNAL.map((event) => ({ pk: 'APPLICATION#app-1', sk: `JOURNAL#${event.eventId}`, ...event })) });
  dynamo.on(GetCommand, { TableName: PERSONAL_DATA_TABLE }).resolves({ Item: { pk: 'APPLICATION#app-1', sk: 'FORM', form: FORM } });
}

describe('runCli', () => {
  useConsoleMocks();

  it('prints Russian help for --help', async () => {
    const io = captureIo();

    const exitCode = await runCli(['--help'], io);

    expect(exitCode).toBe(0);
    expect(io.output()).toContain('Консоль оператора Kontrakt');
    expect(io.output()).toContain('reject <applicationId> --reason');
  });

  it('lists waiting steps as JSON without task tokens', async () => {
    givenWaitingSteps([waitingApplication()]);
    const io = captureIo();

    const exitCode = await runCli(['list', '--json'], io);

    expect(exitCode).toBe(0);
    expect(JSON.parse(io.output())).toEqual({
      waitingSteps: [{ applicationId: 'app-1', step: 'FINAL_APPROVAL', waitingSince: '2025-03-03T09:00:00.000Z', registryResult: 'UNAVAILABLE' }],
    });
    expect(io.output()).not.toContain('secret-token-1');
  });

  it('lists waiting steps as a Russian table', async () => {
    givenWaitingSteps([waitingApplication()]);
    const io = captureIo();

    await runCli(['list'], io);

    expect(io.output()).toContain('Ожидают решения оператора: 1');
    expect(io.output()).toContain('Итоговое решение по заявлению');
    expect(io.output()).toContain('03.03.2025 12:00');
    expect(io.output()).toContain('1 д 3 ч');
    expect(io.output()).toContain('Реестр не ответил');
    expect(io.output()).not.toContain('\u001b[');
  });

  it('shows status, form, documents and journal in Russian', async () => {
    givenShowData();
    const io = captureIo();

    const exitCode = await runCli(['show', 'app-1'], io);

    const output = io.output();
    expect(exitCode).toBe(0);
    expect(output).toContain('Статус: На проверке');
    expect(output).toContain('ФИО: Петрова Анна Сергеевна');
    expect(output).toContain('Дата рождения: 02.11.1995');
    expect(output).toContain('Паспорт гражданина Российской Федерации');
    expect(output).toContain('Не загружен');
    expect(output).toContain('Заявление отправлено на проверку');
    expect(output).toContain('Заявитель');
    expect(output).toContain('Ожидает решения оператора: Реестр');
    expect(output).toContain('11:00');
    expect(output).not.toContain('secret-token-1');
  });

  it('shows the application as JSON', async () => {
    givenShowData();
    const io = captureIo();

    await runCli(['show', 'app-1', '--json'], io);

    const { application } = JSON.parse(io.output()) as { application: Record<string, unknown> };
    expect(application.status).toBe('IN_REVIEW');
    expect(application.journal).toHaveLength(2);
    expect(application.form).toEqual({ fullName: 'Петрова Анна Сергеевна', birthDate: '1995-11-02', passport: '4506 123456' });
    expect(JSON.stringify(application)).not.toContain('secret-token-1');
  });

  it('requires an operator id for a decision', async () => {
    givenApplication(waitingApplication());
    const io = captureIo();

    const exitCode = await runCli(['approve', 'app-1'], io);

    expect(exitCode).toBe(2);
    expect(io.errors()).toContain('Укажите идентификатор оператора: --operator <id> или переменная окружения KONTRAKT_OPERATOR_ID');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('takes the operator id from KONTRAKT_OPERATOR_ID', async () => {
    givenApplication(waitingApplication());
    sfn.on(SendTaskSuccessCommand).resolves({});
    const io = captureIo({ KONTRAKT_OPERATOR_ID: 'operator-3' });

    const exitCode = await runCli(['approve', 'app-1'], io);

    expect(exitCode).toBe(0);
    expect(io.output()).toContain('Решение «Одобрено» по заявлению app-1 передано в процесс проверки (оператор operator-3)');
  });

  it('requires a reason for a rejection', async () => {
    const io = captureIo();

    const exitCode = await runCli(['reject', 'app-1', '--operator', 'operator-7'], io);

    expect(exitCode).toBe(2);
    expect(io.errors()).toContain('Укажите причину отказа');
  });

  it('exits 1 when step has closed', async () => {
    givenApplication(waitingApplication());
    sfn.on(SendTaskSuccessCommand).rejects(sfnError('TaskDoesNotExist'));
    const io = captureIo();

    const exitCode = await runCli(['approve', 'app-1', '--operator', 'operator-7'], io);

    expect(exitCode).toBe(1);
    expect(io.errors()).toBe('Ошибка: Этот шаг уже завершён или его срок истёк; решение не записано\n');
  });

  it('prints errors as JSON with --json', async () => {
    givenApplication(waitingApplication());
    sfn.on(SendTaskSuccessCommand).rejects(sfnError('TaskTimedOut'));
    const io = captureIo();

    const exitCode = await runCli(['approve', 'app-1', '--operator', 'operator-7', '--json'], io);

    expect(exitCode).toBe(1);
    expect(JSON.parse(io.output())).toEqual({
      error: { code: 'OPERATOR_STEP_CLOSED', message: 'Этот шаг уже завершён или его срок истёк; решение не записано' },
    });
  });

  it('names missing environment variables', async () => {
    const io = captureIo({ STATE_TABLE_NAME: '' });

    const exitCode = await runCli(['list'], io);

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
