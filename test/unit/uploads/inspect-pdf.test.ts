import { describe, expect, it } from 'vitest';
import { inspectPdf, trailerDeclaresEncryption } from '../../../functions/uploads/inspect-pdf.ts';
import { readFixture } from '../../fixtures/files.ts';

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

describe('trailerDeclaresEncryption', () => {
  it.each([
    ['a classic trailer with /Encrypt', 'xref\n0 1\ntrailer\n<< /Size 6 /Encrypt 5 0 R >>\nstartxref\n9\n%%EOF', true],
    ['a classic trailer without /Encrypt', 'xref\n0 1\ntrailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n9\n%%EOF', false],
    [
      'a cross-reference stream with /Encrypt',
      '7 0 obj\n<< /Type /XRef /Size 8 /Encrypt 6 0 R /W [1 2 1] /Length 3 >>\nstream\nabc\nendstream',
      true,
    ],
    ['a cross-reference stream without /Encrypt', '7 0 obj\n<< /Type/XRef /Size 8 /W [1 2 1] >>\nstream\nabc\nendstream', false],
    ['/EncryptMetadata outside a trailer', '3 0 obj\n<< /CF << /StdCF << /EncryptMetadata false >> >> >>\nendobj', false],
    ['/Encrypt in a page object', '3 0 obj\n<< /Type /Page /Encrypt 5 0 R >>\nendobj\ntrailer\n<< /Size 4 >>\nstartxref\n9', false],
  ])('reads %s', (_case, text, expected) => {
    expect(trailerDeclaresEncryption(text)).toBe(expected);
  });

  it('finds the /Encrypt entry of the encrypted fixture', () => {
    expect(trailerDeclaresEncryption(latin1(readFixture('encrypted.pdf')))).toBe(true);
  });
});

describe('inspectPdf', () => {
  it.each([
    ['valid.pdf', undefined],
    ['encrypted.pdf', 'ENCRYPTED_PDF'],
    ['truncated.pdf', 'TRUNCATED_FILE'],
    ['no-pages.pdf', 'PDF_HAS_NO_PAGES'],
  ] as const)('returns %s → %s', async (name, expected) => {
    expect(await inspectPdf(readFixture(name))).toBe(expected);
  });

  it('rejects a PDF with %%EOF that pdf-lib cannot parse', async () => {
    const bytes = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\nendobj\n%%EOF\n', 'latin1');

    expect(await inspectPdf(bytes)).toBe('UNREADABLE_FILE');
  });

  it('looks for %%EOF only in the last 1024 bytes', async () => {
    const padding = Buffer.alloc(1100, 0x20);
    const bytes = Buffer.concat([readFixture('valid.pdf'), padding]);

    expect(await inspectPdf(bytes)).toBe('TRUNCATED_FILE');
  });
});
