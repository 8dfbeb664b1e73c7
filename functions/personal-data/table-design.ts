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

/**
 * S3 key prefix of accepted documents: the upload validator writes the bytes it checked here, and
 * operators and later steps read documents only from here. No upload form can target this prefix,
 * because createUploadForm signs only keys that parseUploadObjectKey accepts.
 */
export const ACCEPTED_PREFIX = 'accepted/';

/**
 * Key of an accepted document's copy. It ends with the SHA-256 of the copied bytes, so every write
 * to one key stores the same bytes, even when two validations of the slot race.
 */
export const acceptedObjectKey = (
  upload: { applicantId: string; applicationId: string; documentType: string; uploadId: string },
  sha256Hex: string,
): string => `${ACCEPTED_PREFIX}${upload.applicantId}/${upload.applicationId}/${upload.documentType}/${upload.uploadId}/${sha256Hex}`;

export const contractObjectKey = (applicantId: string, applicationId: string, contractVersion: number): string =>
  `contracts/${applicantId}/${applicationId}/v${contractVersion}.pdf`;
