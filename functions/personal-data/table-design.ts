/** Key schema of the personal-data table, shared by the CDK stack and the local runtime. */
export const PERSONAL_DATA_TABLE_DESIGN = { partitionKey: 'pk', sortKey: 'sk' } as const;

export const formKey = (applicationId: string) => ({ pk: `APPLICATION#${applicationId}`, sk: 'FORM' });

export const noteKey = (applicationId: string, noteId: string) => ({
  pk: `APPLICATION#${applicationId}`,
  sk: `NOTE#${noteId}`,
});

export const contactsKey = (applicantId: string) => ({ pk: `APPLICANT#${applicantId}`, sk: 'CONTACTS' });

/** S3 key prefix of uploaded documents; the bucket notifies the validator for this prefix only. */
export const UPLOADS_PREFIX = 'uploads/';

export const uploadObjectKey = (applicantId: string, applicationId: string, documentType: string, uploadId: string): string =>
  `${UPLOADS_PREFIX}${applicantId}/${applicationId}/${documentType}/${uploadId}`;

/** Splits an upload key back into its ids; returns undefined for any other key. */
export function parseUploadObjectKey(key: string) {
  const parts = key.split('/');
  if (parts.length !== 5 || `${parts[0]}/` !== UPLOADS_PREFIX || parts.some((part) => part === '')) return undefined;
  const [, applicantId, applicationId, documentType, uploadId] = parts as [string, string, string, string, string];
  return { applicantId, applicationId, documentType, uploadId };
}

export const contractObjectKey = (applicantId: string, applicationId: string, contractVersion: number): string =>
  `contracts/${applicantId}/${applicationId}/v${contractVersion}.pdf`;
