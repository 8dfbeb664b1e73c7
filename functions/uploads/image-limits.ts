/**
 * Limits on what the validator decodes, so that one image cannot exhaust the function's memory
 * (1024 MB, UPLOAD_VALIDATOR in functions/catalog.ts). A file under the size limit can still
 * declare a huge image, because compressed data expands by up to about 1000 times.
 */

/** Largest image, in pixels, that the validator decodes. An A4 page scanned at 600 dpi has 34.8 million. */
export const MAX_IMAGE_PIXELS = 40_000_000;

/**
 * Largest decompressed PNG image data, in bytes: 40 million pixels at 4 bytes each (8-bit RGBA).
 * A 16-bit or RGBA image therefore has a lower pixel limit than MAX_IMAGE_PIXELS.
 */
export const MAX_PNG_IMAGE_DATA_BYTES = 160 * 1024 * 1024;

/** jpeg-js refuses to allocate more than this while decoding (its maxMemoryUsageInMB option). */
export const MAX_JPEG_DECODER_MEMORY_MB = 512;
