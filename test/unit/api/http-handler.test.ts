import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { httpHandler, jsonResponse } from '../../../functions/commons/http.ts';
import { MAX_ECHOED_INPUT_LENGTH } from '../../../functions/commons/errors.ts';
import { MAX_FIELD_ERRORS } from '../../../functions/commons/validation.ts';
import { APPLICANT_ID, apiEvent, invoke } from './api-test-kit.ts';

const ROUTE = 'POST /echo';

/** A route that returns the applicant id and the parsed body, so a test can check what passed the chain. */
const echoHandler = httpHandler(
  {
    body: z.strictObject({
      name: z.string(),
      profile: z.strictObject({ nickname: z.string() }).optional(),
      tags: z.array(z.string()).optional(),
      count: z.number().optional(),
      active: z.boolean().optional(),
      nothing: z.null().optional(),
    }),
  },
  async ({ applicantId, body }) => jsonResponse(200, { applicantId, body }),
);

function echoEvent(input: { applicantId?: string; body?: unknown; rawBody?: string }) {
  return apiEvent({ routeKey: ROUTE, applicantId: APPLICANT_ID, ...input });
}

describe('httpHandler authentication', () => {
  it.each([
    ['a slash', 'applicant-2/../applicant-1'],
    ['a leading slash', '/applicant-1'],
    ['only dots', '..'],
    ['a single dot', '.'],
    ['an empty string', ''],
    ['a space', 'applicant 1'],
    ['a control character', 'applicant\u00001'],
    ['Cyrillic letters', 'заявитель'],
    ['129 characters', 'a'.repeat(129)],
    ['a backslash', 'applicant\\1'],
  ])('rejects a subject with %s', async (_case, subject) => {
    // Act
    const result = await invoke(echoHandler, echoEvent({ applicantId: subject, body: { name: 'x' } }));

    // Assess
    expect(result.statusCode).toBe(401);
    expect(result.body.error.code).toBe('UNAUTHORIZED');
  });

  it.each([
    ['a Cognito UUID', '8f14e45f-ceea-467a-9af0-3c5d1b2e7a90'],
    ['a numeric id', '1000299311'],
    ['a realm user', 'ivanov@esia'],
    ['a URN', 'urn:kontrakt:applicant.1_2'],
    ['128 characters', 'a'.repeat(128)],
    ['dots inside', 'a..b'],
  ])('accepts a subject as %s', async (_case, subject) => {
    // Act
    const result = await invoke(echoHandler, echoEvent({ applicantId: subject, body: { name: 'x' } }));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.body.applicantId).toBe(subject);
  });
});

describe('httpHandler JSON body', () => {
  it('accepts a body with a UTF-8 byte order mark', async () => {
    // Act
    const result = await invoke(echoHandler, echoEvent({ rawBody: '\uFEFF{"name":"Алёна"}' }));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.body.body).toEqual({ name: 'Алёна' });
  });

  it('accepts a base64 body with a byte order mark', async () => {
    // Prepare
    const event = echoEvent({ rawBody: Buffer.from('\uFEFF{"name":"x"}', 'utf8').toString('base64') });
    event.isBase64Encoded = true;

    // Act
    const result = await invoke(echoHandler, event);

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.body.body).toEqual({ name: 'x' });
  });

  it.each([
    ['__proto__ at the top', '{"name":"x","__proto__":{"isAdmin":true}}'],
    ['__proto__ nested', '{"name":"x","profile":{"__proto__":{"nickname":"y"}}}'],
    ['constructor.prototype', '{"name":"x","constructor":{"prototype":{"isAdmin":true}}}'],
  ])('rejects %s as FORBIDDEN_KEY', async (_case, rawBody) => {
    // Act
    const result = await invoke(echoHandler, echoEvent({ rawBody }));

    // Assess
    expect(result.statusCode).toBe(400);
    expect(result.body.error.code).toBe('FORBIDDEN_KEY');
    expect(result.body.error.message).toBe('Тело запроса содержит недопустимые ключи (__proto__, constructor.prototype)');
  });

  it.each([
    ['a truncated object', '{"name":'],
    ['a byte order mark twice', '\uFEFF\uFEFF{"name":"x"}'],
    ['a byte order mark alone', '\uFEFF'],
  ])('rejects %s as INVALID_JSON', async (_case, rawBody) => {
    // Act
    const result = await invoke(echoHandler, echoEvent({ rawBody }));

    // Assess
    expect(result.statusCode).toBe(400);
    expect(result.body.error.code).toBe('INVALID_JSON');
  });

  it('reports a plain constructor key as unknown', async () => {
    // Act
    const result = await invoke(echoHandler, echoEvent({ rawBody: '{"name":"x","constructor":"y"}' }));

    // Assess
    expect(result.statusCode).toBe(400);
    expect(result.body.error.fields).toEqual([{ path: 'constructor', code: 'UNKNOWN_FIELD', message: 'Неизвестное поле' }]);
  });
});

describe('httpHandler field errors', () => {
  it('reports an unknown key at its own path', async () => {
    // Act
    const result = await invoke(echoHandler, echoEvent({ body: { name: 'x', profile: { nickname: 'y', alias: 'z' } } }));

    // Assess
    expect(result.statusCode).toBe(400);
    expect(result.body.error.fields).toEqual([{ path: 'profile.alias', code: 'UNKNOWN_FIELD', message: 'Неизвестное поле' }]);
  });

  it('caps 400,000 unknown keys at the limit plus a summary', async () => {
    // Prepare
    const body: Record<string, unknown> = { name: 'x' };
    for (let index = 0; index < 400_000; index++) body[`key${index}`] = index;

    // Act
    const result = await invoke(echoHandler, echoEvent({ body }));

    // Assess
    expect(result.statusCode).toBe(400);
    const fields = result.body.error.fields as Array<{ path: string; code: string; message: string }>;
    expect(fields).toHaveLength(MAX_FIELD_ERRORS + 1);
    expect(fields.slice(0, MAX_FIELD_ERRORS).every((field) => field.code === 'UNKNOWN_FIELD')).toBe(true);
    expect(fields.at(-1)?.code).toBe('TOO_MANY_ERRORS');
    expect(fields.at(-1)?.message).toContain(String(400_000 - MAX_FIELD_ERRORS));
    expect(JSON.stringify(result.body).length).toBeLessThan(10_000);
  });

  it('cuts a long unknown key name in the path', async () => {
    // Prepare
    const longKey = 'k'.repeat(100_000);

    // Act
    const result = await invoke(echoHandler, echoEvent({ body: { name: 'x', [longKey]: 1 } }));

    // Assess
    const [field] = result.body.error.fields as Array<{ path: string }>;
    expect(field?.path).toBe(`${'k'.repeat(MAX_ECHOED_INPUT_LENGTH)}…`);
  });

  it('keeps every error when there are exactly the limit', async () => {
    // Prepare
    const body: Record<string, unknown> = { name: 'x' };
    for (let index = 0; index < MAX_FIELD_ERRORS; index++) body[`key${index}`] = index;

    // Act
    const result = await invoke(echoHandler, echoEvent({ body }));

    // Assess
    const fields = result.body.error.fields as Array<{ code: string }>;
    expect(fields).toHaveLength(MAX_FIELD_ERRORS);
    expect(fields.map((field) => field.code)).not.toContain('TOO_MANY_ERRORS');
  });

  it.each([
    ['an object as an array', { name: 'x', profile: [] }, 'profile', 'Неверный тип: ожидается объект, получено: массив'],
    ['a string as a number', { name: 1 }, 'name', 'Неверный тип: ожидается строка, получено: число'],
    ['a number as a string', { name: 'x', count: '1' }, 'count', 'Неверный тип: ожидается число, получено: строка'],
    ['a boolean as null', { name: 'x', active: null }, 'active', 'Неверный тип: ожидается логическое значение, получено: null'],
    ['an array as an object', { name: 'x', tags: {} }, 'tags', 'Неверный тип: ожидается массив, получено: объект'],
    ['null as a boolean', { name: 'x', nothing: false }, 'nothing', 'Неверный тип: ожидается null, получено: логическое значение'],
  ])('words %s in Russian', async (_case, body, path, message) => {
    // Act
    const result = await invoke(echoHandler, echoEvent({ body }));

    // Assess
    expect(result.body.error.fields).toEqual([{ path, code: 'INVALID_TYPE', message }]);
  });

  it('words a body that is an array in Russian', async () => {
    // Act
    const result = await invoke(echoHandler, echoEvent({ body: [] }));

    // Assess
    expect(result.body.error.fields).toEqual([{ path: '', code: 'INVALID_TYPE', message: 'Неверный тип: ожидается объект, получено: массив' }]);
  });
});
