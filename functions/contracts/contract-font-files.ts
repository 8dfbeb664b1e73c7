/**
 * The TrueType fonts of the contract PDF: PT Serif by ParaType (SIL Open Font License 1.1), which
 * covers Cyrillic, from the @expo-google-fonts/pt-serif package. Plain data without imports, so
 * that the function catalog and the CDK stack can read it.
 */

/** Directory of the fonts inside a Lambda bundle, next to index.mjs. */
export const BUNDLED_FONT_DIRECTORY = 'fonts';

export const CONTRACT_FONTS = {
  regular: 'PTSerif_400Regular.ttf',
  bold: 'PTSerif_700Bold.ttf',
} as const;

export type ContractFontWeight = keyof typeof CONTRACT_FONTS;

/** Package paths of the fonts, resolved from node_modules when the code runs unbundled. */
export const CONTRACT_FONT_PACKAGE_PATHS: Record<ContractFontWeight, string> = {
  regular: `@expo-google-fonts/pt-serif/400Regular/${CONTRACT_FONTS.regular}`,
  bold: `@expo-google-fonts/pt-serif/700Bold/${CONTRACT_FONTS.bold}`,
};

/** The catalog's `bundledFiles` of the contract generator: each font, copied into the bundle's font directory. */
export const CONTRACT_FONT_FILES = (Object.keys(CONTRACT_FONTS) as ContractFontWeight[]).map((weight) => ({
  from: `node_modules/${CONTRACT_FONT_PACKAGE_PATHS[weight]}`,
  to: `${BUNDLED_FONT_DIRECTORY}/${CONTRACT_FONTS[weight]}`,
}));
