/** Lifetime of the document links `show` prints: long enough to open them, short enough not to be kept. */
export const DOWNLOAD_LINK_TTL_SECONDS = 300;
