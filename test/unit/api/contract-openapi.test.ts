import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { contractAmendmentSchema, contractCancellationSchema } from '../../../functions/api/schemas/contract-requests.ts';
import { parseOrThrow } from '../../../functions/commons/validation.ts';
import { APPLICATION_STATUS_TITLES } from '../../../functions/domain/statuses.ts';

const document = parse(readFileSync(new URL('../../../openapi/kontrakt.yaml', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { examples?: Record<string, { value: unknown }> }> } }>>;
  components: { schemas: Record<string, { enum?: string[] }> };
};

function requestExamples(path: string): unknown[] {
  const examples = document.paths[path]?.post?.requestBody?.content['application/json']?.examples ?? {};
  return Object.values(examples).map((example) => example.value);
}

describe('openapi/kontrakt.yaml contract routes', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2025-06-25T09:00:00Z') });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives amendment examples that the API accepts', () => {
    // Prepare
    const examples = requestExamples('/applications/{applicationId}/contract/amendments');

    // Assess
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) expect(() => parseOrThrow(contractAmendmentSchema, example)).not.toThrow();
  });

  it('gives cancellation examples that the API accepts', () => {
    // Prepare
    const examples = requestExamples('/applications/{applicationId}/contract/cancel');

    // Assess
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) expect(() => parseOrThrow(contractCancellationSchema, example)).not.toThrow();
  });

  it('lists every application status', () => {
    expect(document.components.schemas.ApplicationStatus?.enum).toEqual(Object.keys(APPLICATION_STATUS_TITLES));
  });
});
