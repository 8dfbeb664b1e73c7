import { describe, expect, it } from 'vitest';
import { expectedImageDataLength, inspectPng, readPngLayout, type PngHeader } from '../../../functions/uploads/inspect-png.ts';
import { readFixture } from '../../fixtures/files.ts';

const header = (overrides: Partial<PngHeader>): PngHeader => ({
  width: 64,
  height: 48,
  bitDepth: 8,
  colorType: 2,
  interlaced: false,
  ...overrides,
});

describe('readPngLayout', () => {
  it('reads the header and image data of a complete PNG', () => {
    const layout = readPngLayout(readFixture('valid.png'));

    expect(layout.kind).toBe('complete');
    if (layout.kind !== 'complete') return;
    expect(layout.header).toEqual(header({}));
    expect(layout.imageData).toHaveLength(1);
  });

  it.each(['truncated.png', 'png-without-iend.png'] as const)('finds %s truncated', (name) => {
    expect(readPngLayout(readFixture(name))).toEqual({ kind: 'truncated' });
  });

  it('finds a PNG whose first chunk is not IHDR malformed', () => {
    const bytes = Buffer.from(readFixture('valid.png'));
    bytes.write('IHDX', 12, 'latin1');

    expect(readPngLayout(bytes)).toEqual({ kind: 'malformed' });
  });
});

describe('expectedImageDataLength', () => {
  it.each<[string, Partial<PngHeader>, number | undefined]>([
    ['8-bit RGB', {}, 48 * (1 + 64 * 3)],
    ['8-bit RGBA', { colorType: 6 }, 48 * (1 + 64 * 4)],
    ['16-bit grey', { colorType: 0, bitDepth: 16 }, 48 * (1 + 64 * 2)],
    ['1-bit palette, width not a multiple of 8', { colorType: 3, bitDepth: 1, width: 10 }, 48 * (1 + 2)],
    // Adam7 passes of a 3 × 3 image, width × height: 1×1, none, none, 1×1, 2×1, 1×2, 3×1.
    ['interlaced 3 × 3 8-bit grey', { colorType: 0, width: 3, height: 3, interlaced: true }, 2 + 2 + 3 + 2 * 2 + 4],
    ['colour type 5, which PNG does not define', { colorType: 5 }, undefined],
  ])('computes %s', (_case, overrides, expected) => {
    expect(expectedImageDataLength(header(overrides))).toBe(expected);
  });
});

describe('inspectPng', () => {
  it('rejects a PNG whose chunk CRC is wrong', () => {
    const bytes = Buffer.from(readFixture('valid.png'));
    const headerCrcOffset = 8 + 8 + 13;
    bytes[headerCrcOffset] = bytes[headerCrcOffset]! ^ 0xff;

    expect(inspectPng(bytes)).toBe('UNREADABLE_FILE');
  });

  it('rejects a PNG whose image data is not a zlib stream', () => {
    const bytes = Buffer.from(readFixture('valid.png'));
    const imageDataOffset = 8 + 25 + 8;
    bytes[imageDataOffset] = 0x00;
    bytes[imageDataOffset + 1] = 0x00;

    expect(inspectPng(bytes)).toBe('UNREADABLE_FILE');
  });
});
