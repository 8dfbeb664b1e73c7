import { describe, expect, it, vi, afterEach } from 'vitest';
import { CONTRACT_DOWNLOAD_TTL_SECONDS, handler } from '../../../functions/api/contract-get.ts';
import { APPLICANT_ID, APPLICATION_ID, OTHER_APPLICANT_ID, apiEvent, givenApplication, invoke } from './api-test-kit.ts';
import { approvedRecord, contractOf } from '../contracts/contract-test-kit.ts';

const NOW = new Date('2025-06-25T09:00:00.000Z');
const CONTRACT_NUMBER = `К-2025-${APPLICATION_ID.slice(-8)}`;

function contractEvent(input: { applicantId?: string; query?: Record<string, string> } = {}) {
  return {
    ...apiEvent({
      routeKey: 'GET /applications/{applicationId}/contract',
      applicantId: input.applicantId ?? APPLICANT_ID,
      pathParameters: { applicationId: APPLICATION_ID },
    }),
    queryStringParameters: input.query,
  };
}

describe('contract-get handler', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('returns the contract with a short-lived link to the current version', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    givenApplication(approvedRecord({ contract: contractOf(2) }));

    // Act
    const result = await invoke(handler, contractEvent());

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.body).toMatchObject({
      applicationId: APPLICATION_ID,
      status: 'APPROVED',
      statusTitle: 'Одобрено',
      contractNumber: CONTRACT_NUMBER,
      currentVersion: 2,
      version: 2,
      versions: [
        { version: 1, createdAt: '2025-06-20T09:00:00.000Z' },
        { version: 2, createdAt: '2025-06-21T09:00:00.000Z' },
      ],
      downloadExpiresAt: new Date(NOW.getTime() + CONTRACT_DOWNLOAD_TTL_SECONDS * 1000).toISOString(),
    });
    const url = new URL(result.body.downloadUrl);
    expect(decodeURIComponent(url.pathname)).toContain(`contracts/${APPLICANT_ID}/${APPLICATION_ID}/v2.pdf`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe(String(CONTRACT_DOWNLOAD_TTL_SECONDS));
    expect(url.searchParams.get('response-content-disposition')).toContain(encodeURIComponent(`Контракт_${CONTRACT_NUMBER}_редакция_2.pdf`));
  });

  it('links an older version when asked for it', async () => {
    // Prepare
    givenApplication(approvedRecord({ contract: contractOf(2) }));

    // Act
    const result = await invoke(handler, contractEvent({ query: { version: '1' } }));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.body.version).toBe(1);
    expect(result.body.currentVersion).toBe(2);
    expect(decodeURIComponent(new URL(result.body.downloadUrl).pathname)).toContain('/v1.pdf');
  });

  it('returns 404 CONTRACT_VERSION_NOT_FOUND for a version that does not exist', async () => {
    // Prepare
    givenApplication(approvedRecord({ contract: contractOf(1) }));

    // Act
    const result = await invoke(handler, contractEvent({ query: { version: '3' } }));

    // Assess
    expect(result.statusCode).toBe(404);
    expect(result.body.error.code).toBe('CONTRACT_VERSION_NOT_FOUND');
  });

  it.each(['0', 'abc', '1.5', '-1'])('rejects the version %s with 400', async (version) => {
    // Prepare
    givenApplication(approvedRecord({ contract: contractOf(1) }));

    // Act
    const result = await invoke(handler, contractEvent({ query: { version } }));

    // Assess
    expect(result.statusCode).toBe(400);
    expect(result.body.error.fields).toEqual([expect.objectContaining({ path: 'query.version', code: 'INVALID_CONTRACT_VERSION' })]);
  });

  it('returns 404 CONTRACT_NOT_FOUND before the contract is generated', async () => {
    // Prepare
    givenApplication(approvedRecord({ status: 'IN_REVIEW', decision: undefined }));

    // Act
    const result = await invoke(handler, contractEvent());

    // Assess
    expect(result.statusCode).toBe(404);
    expect(result.body.error.code).toBe('CONTRACT_NOT_FOUND');
  });

  it("reports another applicant's contract as not found", async () => {
    // Prepare
    givenApplication(approvedRecord({ contract: contractOf(1) }));

    // Act
    const result = await invoke(handler, contractEvent({ applicantId: OTHER_APPLICANT_ID }));

    // Assess
    expect(result.statusCode).toBe(404);
    expect(result.body.error.code).toBe('APPLICATION_NOT_FOUND');
    expect(result.body.downloadUrl).toBeUndefined();
  });

  it('still returns the contract after a cancellation', async () => {
    // Prepare
    givenApplication(
      approvedRecord({ status: 'CANCELLED', contract: contractOf(1), cancellation: { cancelledAt: NOW.toISOString(), noteId: 'note-1' } }),
    );

    // Act
    const result = await invoke(handler, contractEvent());

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.body.status).toBe('CANCELLED');
    expect(result.body.statusTitle).toBe('Отменён');
  });
});
