import { describe, expect, it } from 'vitest';
import { createRouteMatcher } from '../../../local/api/routes.ts';

const matchRoute = createRouteMatcher([
  { method: 'GET', path: '/applications/{applicationId}', target: 'get' },
  { method: 'GET', path: '/applications/latest', target: 'latest' },
  { method: 'POST', path: '/applications/{applicationId}/documents/{documentType}/uploads', target: 'upload' },
]);

describe('createRouteMatcher', () => {
  it('decodes path parameters', () => {
    const match = matchRoute('POST', '/applications/app%2F1/documents/%D0%BF%D0%B0%D1%81%D0%BF%D0%BE%D1%80%D1%82/uploads');

    expect(match?.target).toBe('upload');
    expect(match?.routeKey).toBe('POST /applications/{applicationId}/documents/{documentType}/uploads');
    expect(match?.pathParameters).toEqual({ applicationId: 'app/1', documentType: 'паспорт' });
  });

  it('prefers a literal segment over a parameter', () => {
    const match = matchRoute('GET', '/applications/latest');

    expect(match?.target).toBe('latest');
  });

  it('matches no route for another method, an empty segment or extra segments', () => {
    expect(matchRoute('DELETE', '/applications/a1')).toBeUndefined();
    expect(matchRoute('GET', '/applications/')).toBeUndefined();
    expect(matchRoute('GET', '/applications/a1/extra')).toBeUndefined();
  });
});
