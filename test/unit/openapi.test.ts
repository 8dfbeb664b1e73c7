import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { applicationFormSchema } from '../../functions/api/schemas/application-form.ts';
import { uploadRequestSchema } from '../../functions/api/schemas/upload-request.ts';
import { API_ROUTES } from '../../functions/catalog.ts';
import { parseOrThrow } from '../../functions/commons/validation.ts';
import { DOCUMENT_TYPES } from '../../functions/domain/document-catalogue.ts';

const DOCUMENT_PATH = new URL('../../openapi/kontrakt.yaml', import.meta.url).pathname;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

interface Operation {
  security?: unknown[];
  responses: Record<string, unknown>;
  requestBody?: { content: Record<string, { examples?: Record<string, { value?: unknown; $ref?: string }> }> };
}

type OpenApiDocument = {
  security?: unknown[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, { properties?: Record<string, unknown>; required?: string[]; enum?: string[] }>;
    examples: Record<string, { value: any }>;
  };
};

/** The document as written, with its $refs in place. */
const document = parse(readFileSync(DOCUMENT_PATH, 'utf8')) as OpenApiDocument;

function documentedOperations(): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => HTTP_METHODS.includes(key))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

const catalogOperations = API_ROUTES.map((route) => `${route.method} ${route.path}`);

describe('openapi/kontrakt.yaml', () => {
  beforeAll(async () => {
    // Prepare: a structurally invalid document must fail every test below, not only this one.
    await SwaggerParser.validate(DOCUMENT_PATH);
  });

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2025-06-15T09:00:00Z') });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    // Act
    const api = (await SwaggerParser.validate(DOCUMENT_PATH)) as { openapi: string };

    // Assess
    expect(api.openapi).toMatch(/^3\.1\./);
  });

  it.each(catalogOperations)('describes the catalogue route %s', (operation) => {
    expect(documentedOperations()).toContain(operation);
  });

  it('describes no route that the catalogue lacks', () => {
    // Act
    const extra = documentedOperations().filter((operation) => !catalogOperations.includes(operation));

    // Assess
    expect(extra).toEqual([]);
  });

  it('requires a JWT bearer token everywhere', () => {
    // Assess
    expect(document.security).toEqual([{ bearerAuth: [] }]);
    for (const operation of documentedOperations()) {
      const [method, path] = operation.split(' ') as [string, string];
      const described = document.paths[path]?.[method.toLowerCase()];
      expect(described?.security, `${operation} overrides security`).toBeUndefined();
      expect(described?.responses['401'], `${operation} lacks 401`).toBeDefined();
      expect(described?.responses['500'], `${operation} lacks 500`).toBeDefined();
    }
  });

  it('lists the catalogue document types', () => {
    expect(document.components.schemas.DocumentType?.enum).toEqual(DOCUMENT_TYPES);
  });

  it('lists the same form fields as the form schema', () => {
    // Prepare
    const schemaKeys = Object.keys(applicationFormSchema.shape).sort();

    // Act
    const documentedKeys = Object.keys(document.components.schemas.ApplicationFormInput?.properties ?? {}).sort();

    // Assess
    expect(documentedKeys).toEqual(schemaKeys);
  });

  it('gives a form example that the API accepts and stores as documented', () => {
    // Prepare
    const input = document.components.examples.ApplicationFormInput?.value;
    const documentedStoredForm = document.components.examples.NewApplication?.value.form;

    // Act
    const parsed = parseOrThrow(applicationFormSchema, input);

    // Assess
    expect(JSON.parse(JSON.stringify(parsed))).toEqual(documentedStoredForm);
  });

  it('gives upload examples that the API accepts', () => {
    // Prepare
    const examples = document.paths['/applications/{applicationId}/documents/{documentType}/uploads']?.post?.requestBody
      ?.content['application/json']?.examples ?? {};

    // Act
    const parse = () => Object.values(examples).map((example) => parseOrThrow(uploadRequestSchema, example.value));

    // Assess
    expect(Object.keys(examples).length).toBeGreaterThan(0);
    expect(parse).not.toThrow();
  });
});
