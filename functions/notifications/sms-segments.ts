// The GSM 03.38 default alphabet and its extension table (the extension characters cost two
// septets). A text with any other character, Cyrillic included, is sent in UCS-2.
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '^{}\\[~]|€\f';

/**
 * Returns how many SMS segments a text takes. One GSM-7 segment fits 160 septets, or 153 when the
 * text is split. One UCS-2 segment fits 70 UTF-16 code units, or 67 when the text is split.
 */
export function countSmsSegments(text: string): number {
  const isGsm = [...text].every((character) => GSM_BASIC.includes(character) || GSM_EXTENSION.includes(character));
  if (isGsm) {
    const septets = [...text].reduce((sum, character) => sum + (GSM_EXTENSION.includes(character) ? 2 : 1), 0);
    return septets <= 160 ? 1 : Math.ceil(septets / 153);
  }
  return text.length <= 70 ? 1 : Math.ceil(text.length / 67);
}

export const MAX_SMS_SEGMENTS = 2;
