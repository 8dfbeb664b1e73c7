import { describe, expect, it } from 'vitest';
import { inspectJpeg, readJpegLayout } from '../../../functions/uploads/inspect-jpeg.ts';
import { readFixture } from '../../fixtures/files.ts';

const START_OF_IMAGE = [0xff, 0xd8];
const END_OF_IMAGE = [0xff, 0xd9];

/** Inserts an APP1 segment holding a complete small JPEG (as EXIF thumbnails do) right after SOI. */
function withEmbeddedThumbnail(jpeg: Uint8Array): Uint8Array {
  const thumbnail = Buffer.from([...START_OF_IMAGE, 0xff, 0xda, 0x00, 0x02, 0x12, 0x34, ...END_OF_IMAGE]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(2 + thumbnail.length);
  return Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xe1]), length, thumbnail, jpeg.subarray(2)]);
}

describe('readJpegLayout', () => {
  it('reads the frame size of a complete JPEG', () => {
    const layout = readJpegLayout(readFixture('valid.jpg'));

    expect(layout).toEqual({ kind: 'complete', width: 64, height: 48 });
  });

  it.each([
    ['cut in half', readFixture('truncated.jpg')],
    ['without EOI', readFixture('jpeg-without-eoi.jpg')],
    ['cut inside a segment header', readFixture('valid.jpg').subarray(0, 5)],
  ])('finds a JPEG %s truncated', (_case, bytes) => {
    expect(readJpegLayout(bytes)).toEqual({ kind: 'truncated' });
  });

  it('skips the EOI of an embedded thumbnail', () => {
    const bytes = withEmbeddedThumbnail(readFixture('valid.jpg'));
    const truncated = bytes.subarray(0, bytes.length - 200);

    expect(readJpegLayout(bytes)).toMatchObject({ kind: 'complete' });
    expect(readJpegLayout(truncated)).toEqual({ kind: 'truncated' });
  });

  it('ignores data after EOI', () => {
    const bytes = Buffer.concat([readFixture('valid.jpg'), Buffer.from('ftypmp42 trailing video data')]);

    expect(readJpegLayout(bytes)).toEqual({ kind: 'complete', width: 64, height: 48 });
  });

  it.each([
    ['no SOI marker', Buffer.from([0x00, 0x01, 0x02, 0x03])],
    ['EOI before any frame header', Buffer.from([...START_OF_IMAGE, ...END_OF_IMAGE])],
    ['a segment length below 2', Buffer.from([...START_OF_IMAGE, 0xff, 0xe0, 0x00, 0x01, ...END_OF_IMAGE])],
    ['bytes where a marker belongs', Buffer.from([...START_OF_IMAGE, 0x12, 0x34, ...END_OF_IMAGE])],
  ])('finds a JPEG with %s malformed', (_case, bytes) => {
    expect(readJpegLayout(bytes)).toEqual({ kind: 'malformed' });
  });
});

describe('inspectJpeg', () => {
  it('accepts a JPEG with an embedded thumbnail and trailing data', () => {
    const bytes = Buffer.concat([withEmbeddedThumbnail(readFixture('valid.jpg')), Buffer.from('trailer')]);

    expect(inspectJpeg(bytes)).toBeUndefined();
  });

  it('rejects corrupt scan data that the marker walk cannot see', () => {
    const bytes = Buffer.from(readFixture('valid.jpg'));
    const scanStart = bytes.indexOf(Buffer.from([0xff, 0xda]));
    // Replace the Huffman table selectors with ones that the file does not define.
    bytes[scanStart + 6] = 0x33;
    bytes[scanStart + 8] = 0x33;
    bytes[scanStart + 10] = 0x33;

    expect(inspectJpeg(bytes)).toBe('UNREADABLE_FILE');
  });
});
