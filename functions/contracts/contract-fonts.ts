import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  BUNDLED_FONT_DIRECTORY,
  CONTRACT_FONT_PACKAGE_PATHS,
  CONTRACT_FONTS,
  type ContractFontWeight,
} from './contract-font-files.ts';

export type ContractFontBytes = Record<ContractFontWeight, Uint8Array>;

/**
 * Returns the path of a contract font. In a Lambda bundle, the CDK bundling has copied the fonts
 * to `fonts/` next to index.mjs (the catalog's `bundledFiles`). Run from source (tsx, vitest, the
 * local runtime), this module has no `fonts/` beside it, so the font comes from node_modules.
 */
function fontPath(weight: ContractFontWeight): string {
  const bundled = fileURLToPath(new URL(`./${BUNDLED_FONT_DIRECTORY}/${CONTRACT_FONTS[weight]}`, import.meta.url));
  if (existsSync(bundled)) return bundled;
  return createRequire(import.meta.url).resolve(CONTRACT_FONT_PACKAGE_PATHS[weight]);
}

let fonts: ContractFontBytes | undefined;

/** Reads the contract fonts once per Lambda instance. */
export function loadContractFonts(): ContractFontBytes {
  fonts ??= {
    regular: readFileSync(fontPath('regular')),
    bold: readFileSync(fontPath('bold')),
  };
  return fonts;
}
