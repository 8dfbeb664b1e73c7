import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContractFonts } from '../../../functions/contracts/contract-fonts.ts';
import { wrapText } from '../../../functions/contracts/pdf-text-layout.ts';

let font: PDFFont;

beforeAll(async () => {
  const document = await PDFDocument.create();
  document.registerFontkit(fontkit);
  font = await document.embedFont(loadContractFonts().regular, { subset: true });
});

describe('wrapText', () => {
  it('keeps every line within the width', () => {
    // Prepare
    const text = 'Гражданин добровольно поступает на военную службу и обязуется проходить её в Вооружённых Силах Российской Федерации';

    // Act
    const lines = wrapText(text, font, 11, 200);

    // Assess
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(font.widthOfTextAtSize(line, 11), line).toBeLessThanOrEqual(200);
    expect(lines.join(' ')).toBe(text);
  });

  it('does not break at a no-break space', () => {
    // Prepare
    const text = 'паспорт серии 45\u00A006';

    // Act
    const lines = wrapText(text, font, 11, font.widthOfTextAtSize('паспорт серии 45', 11));

    // Assess
    expect(lines).toEqual(['паспорт серии', '45\u00A006']);
  });

  it('puts a word longer than the width on a line of its own', () => {
    // Act
    const lines = wrapText('а Петрова-Водкина б', font, 11, 20);

    // Assess
    expect(lines).toEqual(['а', 'Петрова-Водкина', 'б']);
  });
});
