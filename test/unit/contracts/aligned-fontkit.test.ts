import fontkit from '@pdf-lib/fontkit';
import type { Font, Fontkit, Subset } from 'pdf-lib/cjs/types/fontkit.js';
import { describe, expect, it } from 'vitest';
import { alignedFontkit } from '../../../functions/contracts/aligned-fontkit.ts';
import { loadContractFonts } from '../../../functions/contracts/contract-fonts.ts';

const SAMPLE = 'Контракт о прохождении военной службы № К-2025, Петрова-Водкина Ёлка Юрьевна «»—';

/** Encodes a subset of the sample's glyphs and returns it with the subset id of each original glyph. */
async function subsetOf(font: Font): Promise<{ bytes: Uint8Array; ids: Map<number, number> }> {
  const subset: Subset = font.createSubset();
  const ids = new Map<number, number>();
  for (const glyph of font.glyphsForString(SAMPLE)) ids.set(glyph.id, subset.includeGlyph(glyph));
  const chunks: Uint8Array[] = [];
  await new Promise<void>((resolve) => {
    subset.encodeStream().on('data', (chunk) => chunks.push(chunk)).on('end', () => resolve());
  });
  return { bytes: Buffer.concat(chunks), ids };
}

/** Returns a glyph's outline as SVG path data, or the error that reading it raised. */
function outlineOf(font: Font, glyphId: number): string {
  try {
    return font.getGlyph(glyphId).path.toSVG();
  } catch (error) {
    return `error: ${String(error)}`;
  }
}

describe('alignedFontkit', () => {
  it('keeps every glyph outline of a PT Serif Regular subset', async () => {
    // Prepare
    const font = alignedFontkit.create(loadContractFonts().regular);

    // Act
    const { bytes, ids } = await subsetOf(font);

    // Assess
    const reparsed = (fontkit as Fontkit).create(bytes);
    for (const [originalId, subsetId] of ids) {
      expect(outlineOf(reparsed, subsetId), `glyph ${originalId}`).toBe(outlineOf(font, originalId));
    }
  });

  it('covers a font whose plain fontkit subset loses outlines', async () => {
    // Prepare: this is the defect the wrapper exists for; if fontkit fixes it, the wrapper can go.
    const font = (fontkit as Fontkit).create(loadContractFonts().regular);

    // Act
    const { bytes, ids } = await subsetOf(font);

    // Assess
    const reparsed = (fontkit as Fontkit).create(bytes);
    const broken = [...ids].filter(([originalId, subsetId]) => outlineOf(reparsed, subsetId) !== outlineOf(font, originalId));
    expect(broken.length).toBeGreaterThan(0);
  });
});
