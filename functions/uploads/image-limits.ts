/**
 * Limits on what the validator decodes, so that one image cannot exhaust the function's memory
 * (2048 MB, UPLOAD_VALIDATOR in functions/catalog.ts). A file under the size limit can still
 * declare a huge image, because compressed data expands by up to about 1000 times.
 */

/**
 * Largest image, in pixels, that the validator decodes: an A4 page scanned at 400 dpi has 15.5
 * million, a 12-megapixel phone photo 12 million. Measured with bench/inspect-files.ts on Node 24:
 * decoding a 25-megapixel JPEG with jpeg-js brought the process to about 1.2 GB, a 39-megapixel
 * one to about 1.5 GB, so the limit keeps the decode well inside the function's memory.
 */
export const MAX_IMAGE_PIXELS = 25_000_000;

/**
 * Largest decompressed PNG image data, in bytes: 25 million pixels at 4 bytes each (8-bit RGBA).
 * A 16-bit or RGBA image therefore has a lower pixel limit than MAX_IMAGE_PIXELS.
 */
export const MAX_PNG_IMAGE_DATA_BYTES = 100 * 1024 * 1024;

/** jpeg-js refuses to allocate more than this while decoding (its maxMemoryUsageInMB option). */
export const MAX_JPEG_DECODER_MEMORY_MB = 512;
