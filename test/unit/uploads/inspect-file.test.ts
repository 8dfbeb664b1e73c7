import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDocumentRule, type DocumentTypeRule } from '../../../functions/domain/document-catalogue.ts';
import { detectFormat, inspectFile, normalizeContentType } from '../../../functions/uploads/inspect-file.ts';
import {
  FIXTURE_FILES,
  FIXTURE_NAMES,
  readFixture,
  writeSizedPdfFiles,
  type FixtureName,
  type SizedPdfFiles,
} from '../../fixtures/files.ts';

function ruleFor(type: string): DocumentTypeRule {
  const rule = findDocumentRule(type);
  if (rule === undefined) throw new Error(`Document type ${type} is not in the catalogue`);
  return rule;
}

const PASSPORT = ruleFor('PASSPORT');
const MILITARY_ID = ruleFor('MILITARY_ID');

describe('inspectFile', () => {
  it.each(FIXTURE_NAMES)('returns the expected verdict for %s', async (name) => {
    const fixture = FIXTURE_FILES[name];

    const result = await inspectFile(readFixture(name), PASSPORT, fixture.contentType);

    if (fixture.expectedReasonCode === undefined) {
      expect(result.ok).toBe(true);
    } else {
      expect(result).toMatchObject({ ok: false, reasonCode: fixture.expectedReasonCode });
    }
  });

  it.each<[FixtureName, string]>([
    ['valid.pdf', 'PDF'],
    ['valid.jpg', 'JPEG'],
    ['valid.png', 'PNG'],
  ])('reports the format of an accepted %s', async (name, format) => {
    const result = await inspectFile(readFixture(name), PASSPORT, FIXTURE_FILES[name].contentType);

    expect(result).toEqual({ ok: true, format });
  });

  it.each<[FixtureName, string, string]>([
    ['valid.pdf', 'image/jpeg', 'PDF'],
    ['valid.jpg', 'application/pdf', 'JPEG'],
    ['valid.png', 'image/jpeg', 'PNG'],
  ])('rejects %s declared as %s', async (name, declaredContentType, format) => {
    const result = await inspectFile(readFixture(name), PASSPORT, declaredContentType);

    expect(result).toEqual({ ok: false, reasonCode: 'CONTENT_TYPE_MISMATCH', format });
  });

  it('accepts a declared Content-Type with parameters and upper case', async () => {
    const result = await inspectFile(readFixture('valid.pdf'), PASSPORT, 'Application/PDF; charset=binary');

    expect(result).toEqual({ ok: true, format: 'PDF' });
  });

  it('rejects a format that the document type does not allow', async () => {
    expect(MILITARY_ID.formats).not.toContain('PNG');

    const result = await inspectFile(readFixture('valid.png'), MILITARY_ID, 'image/png');

    expect(result).toEqual({ ok: false, reasonCode: 'UNSUPPORTED_FORMAT', format: 'PNG' });
  });

  it('rejects an oversized file before checking its format', async () => {
    const rule = { formats: PASSPORT.formats, maxSizeBytes: 100 };

    const result = await inspectFile(readFixture('png-renamed.pdf'), rule, 'application/pdf');

    expect(result).toEqual({ ok: false, reasonCode: 'FILE_TOO_LARGE' });
  });

  it('detects encryption that the trailer scan misses', async () => {
    // The /Encrypt name written with a #-escape hides it from the text scan; pdf-lib still decodes it.
    const text = Buffer.from(readFixture('encrypted.pdf')).toString('latin1');
    const hidden = Buffer.from(text.replace('/Encrypt 5 0 R', '/Encr#79pt 5 0 R'), 'latin1');

    const result = await inspectFile(hidden, PASSPORT, 'application/pdf');

    expect(result).toEqual({ ok: false, reasonCode: 'ENCRYPTED_PDF', format: 'PDF' });
  });
});

describe('inspectFile at the 10 MB limit', () => {
  let files: SizedPdfFiles;

  beforeAll(async () => {
    files = await writeSizedPdfFiles();
  });

  afterAll(async () => {
    await files.remove();
  });

  it('accepts a PDF of exactly 10 MB', async () => {
    const bytes = await readFile(files.exactLimitPath);

    const result = await inspectFile(bytes, PASSPORT, 'application/pdf');

    expect(bytes.length).toBe(PASSPORT.maxSizeBytes);
    expect(result).toEqual({ ok: true, format: 'PDF' });
  });

  it('rejects a PDF of 10 MB and 1 byte', async () => {
    const bytes = await readFile(files.overLimitPath);

    const result = await inspectFile(bytes, PASSPORT, 'application/pdf');

    expect(bytes.length).toBe(PASSPORT.maxSizeBytes + 1);
    expect(result).toEqual({ ok: false, reasonCode: 'FILE_TOO_LARGE' });
  });
});

describe('detectFormat', () => {
  it.each<[FixtureName, string | undefined]>([
    ['png-renamed.pdf', 'PNG'],
    ['jpeg-renamed.png', 'JPEG'],
    ['text-renamed.pdf', undefined],
    ['empty.pdf', undefined],
  ])('detects %s from its content', async (name, format) => {
    const detected = await detectFormat(readFixture(name));

    expect(detected).toBe(format);
  });
});

describe('normalizeContentType', () => {
  it.each([
    ['application/pdf', 'application/pdf'],
    ['IMAGE/PNG', 'image/png'],
    [' image/jpeg ; name="scan.jpg"', 'image/jpeg'],
    ['', ''],
  ])('normalizes %j to %j', (input, expected) => {
    expect(normalizeContentType(input)).toBe(expected);
  });
});
