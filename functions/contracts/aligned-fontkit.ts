import fontkit from '@pdf-lib/fontkit';
import type { Font, Fontkit, Subset } from 'pdf-lib/cjs/types/fontkit.js';

/** The internals of @pdf-lib/fontkit 1.1.1's TrueType subset that the workaround below touches. */
interface TrueTypeSubsetInternals {
  glyf?: Uint8Array[];
  offset?: number;
  _addGlyph?: (glyphId: number) => number;
}

/**
 * Pads a glyph's data to an even length right after the subset adds it.
 *
 * @pdf-lib/fontkit 1.1.1 writes a small subset's `loca` table in the short format, which stores
 * each glyph offset divided by 2, without padding the glyph data to even lengths. Fonts with a
 * long-format `loca`, such as PT Serif Regular, may have odd-length glyphs, so their subsets get
 * wrong offsets and viewers draw most letters blank. The padding byte lies outside the glyph's
 * own data, which TrueType allows.
 */
function alignGlyphs(subset: Subset): Subset {
  const internals = subset as unknown as TrueTypeSubsetInternals;
  const addGlyph = internals._addGlyph;
  if (addGlyph === undefined) return subset;
  internals._addGlyph = function addAlignedGlyph(this: TrueTypeSubsetInternals, glyphId: number): number {
    const index = addGlyph.call(this, glyphId);
    const data = this.glyf?.[index];
    if (data !== undefined && data.length % 2 === 1 && this.glyf !== undefined && this.offset !== undefined) {
      // The copy must be of fontkit's own Buffer class, because its encoder rejects a plain Uint8Array.
      const padded = (data.constructor as unknown as { alloc(size: number): Uint8Array }).alloc(data.length + 1);
      padded.set(data);
      this.glyf[index] = padded;
      this.offset += 1;
    }
    return index;
  };
  return subset;
}

/** fontkit whose TrueType subsets keep every glyph offset even, for `PDFDocument.registerFontkit`. */
export const alignedFontkit: Fontkit = {
  create(buffer: Uint8Array, postscriptName?: string): Font {
    const font = (fontkit as Fontkit).create(buffer, postscriptName);
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => alignGlyphs(createSubset());
    return font;
  },
};
