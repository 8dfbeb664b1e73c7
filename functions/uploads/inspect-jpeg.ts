import jpeg from 'jpeg-js';
import type { ReasonCode } from '../domain/reasons.ts';
import { MAX_IMAGE_PIXELS, MAX_JPEG_DECODER_MEMORY_MB } from './image-limits.ts';

/** Result of the marker walk: the frame size, or the kind of defect in the marker sequence. */
export type JpegLayout =
  | { kind: 'complete'; width: number; height: number }
  | { kind: 'truncated' }
  | { kind: 'malformed' };

const MARKER_PREFIX = 0xff;
const END_OF_IMAGE = 0xd9;
const START_OF_SCAN = 0xda;

/** RSTn markers and TEM carry no length field. */
const isStandaloneMarker = (marker: number): boolean => (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01;

/** SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range (ITU-T T.81, table B.1). */
const isFrameHeader = (marker: number): boolean =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

const readUint16 = (bytes: Uint8Array, offset: number): number => (bytes[offset]! << 8) | bytes[offset + 1]!;

/** Returns the offset of the first marker after the entropy-coded data that starts at `offset`. */
function skipEntropyCodedData(bytes: Uint8Array, offset: number): number {
  let position = offset;
  while (position + 1 < bytes.length) {
    if (bytes[position] !== MARKER_PREFIX) {
      position++;
      continue;
    }
    const next = bytes[position + 1]!;
    // FF00 is an escaped data byte and RSTn a restart marker, and both belong to the scan.
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) position += 2;
    else if (next === MARKER_PREFIX) position++;
    else return position;
  }
  return bytes.length;
}

/**
 * Walks the JPEG marker segments from SOI to EOI and returns the frame size. A file that ends
 * before EOI is truncated. The walk follows segment lengths, so the EOI of an EXIF thumbnail
 * inside APP1 is not mistaken for the end of the image, and data after EOI (such as the video
 * of a motion photo) is ignored.
 */
export function readJpegLayout(bytes: Uint8Array): JpegLayout {
  if (bytes[0] !== MARKER_PREFIX || bytes[1] !== 0xd8) return { kind: 'malformed' };
  let frame: { width: number; height: number } | undefined;
  let offset = 2;
  while (offset + 1 < bytes.length) {
    if (bytes[offset] !== MARKER_PREFIX) return { kind: 'malformed' };
    const marker = bytes[offset + 1]!;
    if (marker === MARKER_PREFIX) {
      offset++;
      continue;
    }
    if (marker === END_OF_IMAGE) return frame === undefined ? { kind: 'malformed' } : { kind: 'complete', ...frame };
    if (isStandaloneMarker(marker)) {
      offset += 2;
      continue;
    }
    if (offset + 4 > bytes.length) return { kind: 'truncated' };
    const segmentLength = readUint16(bytes, offset + 2);
    if (segmentLength < 2) return { kind: 'malformed' };
    const segmentEnd = offset + 2 + segmentLength;
    if (segmentEnd > bytes.length) return { kind: 'truncated' };
    if (isFrameHeader(marker) && frame === undefined) {
      if (segmentLength < 7) return { kind: 'malformed' };
      frame = { height: readUint16(bytes, offset + 5), width: readUint16(bytes, offset + 7) };
    }
    offset = marker === START_OF_SCAN ? skipEntropyCodedData(bytes, segmentEnd) : segmentEnd;
  }
  return { kind: 'truncated' };
}

const isDecoderLimitError = (error: unknown): boolean =>
  error instanceof Error && /maxResolutionInMP|maxMemoryUsageInMB|allocate enough memory/.test(error.message);

/**
 * Checks that a JPEG is complete (ends with EOI), is within the pixel limit and decodes fully
 * with jpeg-js. Returns the reason to reject it, or undefined when it is readable.
 */
export function inspectJpeg(bytes: Uint8Array): ReasonCode | undefined {
  const layout = readJpegLayout(bytes);
  if (layout.kind === 'truncated') return 'TRUNCATED_FILE';
  if (layout.kind === 'malformed') return 'UNREADABLE_FILE';
  if (layout.width * layout.height > MAX_IMAGE_PIXELS) return 'IMAGE_RESOLUTION_TOO_HIGH';

  try {
    // Strict decoding, because the tolerant mode skips blocks that lie outside the frame instead of failing.
    jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      tolerantDecoding: false,
      maxResolutionInMP: MAX_IMAGE_PIXELS / 1_000_000,
      maxMemoryUsageInMB: MAX_JPEG_DECODER_MEMORY_MB,
    });
  } catch (error) {
    return isDecoderLimitError(error) ? 'IMAGE_RESOLUTION_TOO_HIGH' : 'UNREADABLE_FILE';
  }
  return undefined;
}
