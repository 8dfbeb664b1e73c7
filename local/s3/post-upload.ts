import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { checkFileSize, checkPostForm, type ContentLengthRange, type S3Credentials } from './post-policy.ts';
import { S3Error } from './s3-error.ts';

/** S3 limits the form fields before the file part to 20 KB. */
const MAX_PRE_DATA_BYTES = 20 * 1024;
/** Largest `file` part sent without a filename; both busboy versions read such a part as a field. */
const MAX_FIELD_FILE_BYTES = 1024 * 1024;

export interface PostUploadSettings {
  bucket: string;
  credentials: S3Credentials;
  region: string;
}

const malformed = (): S3Error =>
  new S3Error(400, 'MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.');

/**
 * Reads a browser-form POST upload and checks it the way S3 does. Resolves with the raw request
 * body once every check has passed, so that the caller can forward the unchanged form to s3rver.
 * Rejects with the S3Error that S3 would return. Either way the whole request is read first, so
 * the client always receives the response.
 *
 * NOTE: the accepted body is held in memory until it is forwarded; a policy without a
 * content-length-range therefore puts no limit on that memory.
 */
export function readPostUpload(request: IncomingMessage, settings: PostUploadSettings): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const fields: Array<[string, string]> = [];
    let keepBody = true;
    let preDataBytes = 0;
    let fileSeen = false;
    let fileBytes = 0;
    let range: ContentLengthRange | undefined;
    let rejection: S3Error | undefined;

    const discardBody = (): void => {
      keepBody = false;
      chunks.length = 0;
    };
    const rejectUpload = (error: S3Error): void => {
      rejection ??= error;
      discardBody();
    };
    const checkFields = (): void => {
      try {
        range = checkPostForm({ ...settings, fields, now: new Date() });
      } catch (error) {
        if (!(error instanceof S3Error)) throw error;
        rejectUpload(error);
      }
    };

    request.on('data', (chunk: Buffer) => {
      if (keepBody) chunks.push(chunk);
    });
    request.on('error', reject);

    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: request.headers, limits: { fieldSize: MAX_FIELD_FILE_BYTES } });
    } catch {
      // A multipart Content-Type without a boundary: discard the body, then respond.
      discardBody();
      request.on('end', () => reject(malformed()));
      request.resume();
      return;
    }

    parser.on('field', (name, value, info) => {
      if (fileSeen) return; // S3 ignores every field after the file.
      if (name === 'file') {
        fileSeen = true;
        fileBytes = Buffer.byteLength(value);
        if (info.valueTruncated) {
          rejectUpload(new S3Error(400, 'MalformedPOSTRequest', 'A file part without a filename may not exceed 1 MiB locally; send the file with a filename.'));
          return;
        }
        checkFields();
        return;
      }
      preDataBytes += Buffer.byteLength(name) + Buffer.byteLength(value);
      if (preDataBytes > MAX_PRE_DATA_BYTES) {
        rejectUpload(new S3Error(400, 'MaxPostPreDataLengthExceeded', 'Your POST request fields preceding the upload file were too large.'));
      }
      fields.push([name, value]);
    });

    parser.on('file', (name, stream) => {
      if (fileSeen) {
        stream.resume();
        return;
      }
      if (name !== 'file') {
        // s3rver skips a file part under another name; S3 counts it as a form field.
        fields.push([name, '']);
        stream.resume();
        return;
      }
      fileSeen = true;
      checkFields();
      stream.on('data', (data: Buffer) => {
        fileBytes += data.length;
        // Stop buffering at once; the size error is raised once the whole part is measured.
        if (range !== undefined && fileBytes > range.max) discardBody();
      });
    });

    parser.on('error', () => {
      request.unpipe(parser);
      rejectUpload(malformed());
      if (request.readableEnded) reject(rejection);
      else request.on('end', () => reject(rejection));
      request.resume();
    });

    parser.on('close', () => {
      if (rejection === undefined && !fileSeen) {
        checkFields();
        rejectUpload(
          new S3Error(400, 'InvalidArgument', 'POST requires exactly one file upload per request.', {
            ArgumentName: 'file',
            ArgumentValue: 0,
          }),
        );
      }
      if (rejection === undefined) {
        try {
          checkFileSize(fileBytes, range);
        } catch (error) {
          if (!(error instanceof S3Error)) throw error;
          rejectUpload(error);
        }
      }
      if (rejection !== undefined) reject(rejection);
      else resolve(Buffer.concat(chunks));
    });

    request.pipe(parser);
  });
}
