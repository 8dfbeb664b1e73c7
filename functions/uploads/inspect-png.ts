import { constants, inflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import type { ReasonCode } from '../domain/reasons.ts';
import { MAX_IMAGE_PIXELS, MAX_PNG_IMAGE_DATA_BYTES } from './image-limits.ts';

/** The IHDR fields that fix the size of the image data. */
export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
}

/** Result of the chunk walk: the header and image data, or the kind of defect in the chunk sequence. */
export type PngLayout =
  | { kind: 'complete'; header: PngHeader; imageData: Uint8Array[] }
  | { kind: 'truncated' }
  | { kind: 'malformed' };

const SIGNATURE_LENGTH = 8;
/** Length, type and CRC fields around a chunk's data. */
const CHUNK_OVERHEAD = 12;
const HEADER_DATA_LENGTH = 13;

/** Samples per pixel for each PNG colour type (greyscale, RGB, palette, grey + alpha, RGBA). */
const CHANNELS_BY_COLOR_TYPE: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Adam7 passes: first column, first row, column step and row step of each. */
const ADAM7_PASSES = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

const readUint32 = (bytes: Uint8Array, offset: number): number =>
  ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;

const chunkType = (bytes: Uint8Array, offset: number): string =>
  String.fromCharCode(bytes[offset]!, bytes[offset + 1]!, bytes[offset + 2]!, bytes[offset + 3]!);

function readHeader(bytes: Uint8Array, dataOffset: number): PngHeader {
  return {
    width: readUint32(bytes, dataOffset),
    height: readUint32(bytes, dataOffset + 4),
    bitDepth: bytes[dataOffset + 8]!,
    colorType: bytes[dataOffset + 9]!,
    interlaced: bytes[dataOffset + 12] === 1,
  };
}

/**
 * Walks the PNG chunks from the signature to IEND, collecting IHDR and the IDAT data. A file
 * that ends before IEND is truncated. Chunk CRCs are left to the decoder.
 */
export function readPngLayout(bytes: Uint8Array): PngLayout {
  let header: PngHeader | undefined;
  const imageData: Uint8Array[] = [];
  let offset = SIGNATURE_LENGTH;
  while (offset + CHUNK_OVERHEAD <= bytes.length) {
    const dataLength = readUint32(bytes, offset);
    const type = chunkType(bytes, offset + 4);
    const dataOffset = offset + 8;
    const chunkEnd = dataOffset + dataLength + 4;
    if (chunkEnd > bytes.length) return { kind: 'truncated' };

    if (header === undefined) {
      if (type !== 'IHDR' || dataLength !== HEADER_DATA_LENGTH) return { kind: 'malformed' };
      header = readHeader(bytes, dataOffset);
    } else if (type === 'IDAT') {
      imageData.push(bytes.subarray(dataOffset, dataOffset + dataLength));
    } else if (type === 'IEND') {
      return { kind: 'complete', header, imageData };
    }
    offset = chunkEnd;
  }
  return { kind: 'truncated' };
}

/**
 * Returns the length of the decompressed image data that the header requires: each row (of
 * each Adam7 pass when interlaced) is one filter byte plus its packed samples. Returns
 * undefined for a colour type that PNG does not define.
 */
export function expectedImageDataLength(header: PngHeader): number | undefined {
  const channels = CHANNELS_BY_COLOR_TYPE[header.colorType];
  if (channels === undefined) return undefined;
  const bitsPerPixel = channels * header.bitDepth;
  const rowLength = (width: number): number => 1 + Math.ceil((width * bitsPerPixel) / 8);
  if (!header.interlaced) return header.height * rowLength(header.width);

  let total = 0;
  for (const [firstColumn, firstRow, columnStep, rowStep] of ADAM7_PASSES) {
    const passWidth = Math.ceil((header.width - firstColumn) / columnStep);
    const passHeight = Math.ceil((header.height - firstRow) / rowStep);
    if (passWidth > 0 && passHeight > 0) total += passHeight * rowLength(passWidth);
  }
  return total;
}

/**
 * Returns the decompressed length of the concatenated IDAT data, inflating at most `limit`
 * bytes. A stream cut short yields the data it contains (sync flush), so the caller sees missing rows.
 * Returns undefined when the zlib data is invalid or inflates to more than `limit` bytes.
 */
function measureImageData(imageData: Uint8Array[], limit: number): number | undefined {
  try {
    const options = { maxOutputLength: Math.max(limit, 1), finishFlush: constants.Z_SYNC_FLUSH };
    return inflateSync(Buffer.concat(imageData), options).length;
  } catch {
    return undefined;
  }
}

/**
 * Checks that a PNG is complete (ends with IEND), is within the pixel and data limits, contains
 * exactly the image data its header declares and decodes with pngjs. Returns the reason to
 * reject it, or undefined when it is readable.
 */
export function inspectPng(bytes: Uint8Array): ReasonCode | undefined {
  const layout = readPngLayout(bytes);
  if (layout.kind === 'truncated') return 'TRUNCATED_FILE';
  if (layout.kind === 'malformed') return 'UNREADABLE_FILE';

  const { header, imageData } = layout;
  const expectedLength = expectedImageDataLength(header);
  if (expectedLength === undefined || header.width === 0 || header.height === 0) return 'UNREADABLE_FILE';
  if (header.width * header.height > MAX_IMAGE_PIXELS || expectedLength > MAX_PNG_IMAGE_DATA_BYTES) {
    return 'IMAGE_RESOLUTION_TOO_HIGH';
  }

  // pngjs does not notice missing rows (it decodes them as zeros) and inflates interlaced images
  // without an output limit, so the data length is checked here first.
  const actualLength = measureImageData(imageData, expectedLength);
  if (actualLength === undefined) return 'UNREADABLE_FILE';
  if (actualLength < expectedLength) return 'TRUNCATED_FILE';

  try {
    PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch {
    return 'UNREADABLE_FILE';
  }
  return undefined;
}
