import type { PDFDocument, PDFFont, PDFPage } from 'pdf-lib';

/** A4 in PDF points (1/72 inch). */
const PAGE_SIZE: [number, number] = [595.28, 841.89];
/** 20 mm margins. */
const MARGIN = 56.7;
const LINE_SPACING = 1.35;

export interface LayoutFonts {
  regular: PDFFont;
  bold: PDFFont;
}

export interface TextStyle {
  size: number;
  bold?: boolean;
  align?: 'left' | 'center';
  /** Space before the block, in points. */
  spaceBefore?: number;
}

/**
 * Splits a text into lines that fit the width. It breaks at ordinary spaces only, so a no-break
 * space (U+00A0) keeps «№ 012345» together. A word longer than the width gets a line of its own.
 */
export function wrapText(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/[ \t\n]+/u).filter((part) => part !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && font.widthOfTextAtSize(candidate, size) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * Writes blocks of text top to bottom on A4 pages, wrapping lines and starting a new page when
 * the current one is full. Every page gets a footer with its number, added by `finish`.
 */
export class PdfTextLayout {
  private page: PDFPage;
  private cursorY: number;
  private readonly pages: PDFPage[] = [];

  constructor(
    private readonly document: PDFDocument,
    private readonly fonts: LayoutFonts,
  ) {
    this.page = this.addPage();
    this.cursorY = PAGE_SIZE[1] - MARGIN;
  }

  private addPage(): PDFPage {
    const page = this.document.addPage(PAGE_SIZE);
    this.pages.push(page);
    return page;
  }

  private get contentWidth(): number {
    return PAGE_SIZE[0] - 2 * MARGIN;
  }

  private ensureRoom(height: number): void {
    if (this.cursorY - height >= MARGIN) return;
    this.page = this.addPage();
    this.cursorY = PAGE_SIZE[1] - MARGIN;
  }

  /** Writes a paragraph, wrapped to the page width. */
  text(content: string, style: TextStyle): void {
    const font = style.bold === true ? this.fonts.bold : this.fonts.regular;
    const lineHeight = style.size * LINE_SPACING;
    this.cursorY -= style.spaceBefore ?? 0;
    for (const line of wrapText(content, font, style.size, this.contentWidth)) {
      this.ensureRoom(lineHeight);
      this.cursorY -= lineHeight;
      const width = font.widthOfTextAtSize(line, style.size);
      const x = style.align === 'center' ? MARGIN + (this.contentWidth - width) / 2 : MARGIN;
      this.page.drawText(line, { x, y: this.cursorY, size: style.size, font });
    }
  }

  /** Writes two texts on one line, at the left margin and flush right, such as a place and a date. */
  splitLine(left: string, right: string, style: TextStyle): void {
    const font = style.bold === true ? this.fonts.bold : this.fonts.regular;
    const lineHeight = style.size * LINE_SPACING;
    this.cursorY -= style.spaceBefore ?? 0;
    this.ensureRoom(lineHeight);
    this.cursorY -= lineHeight;
    this.page.drawText(left, { x: MARGIN, y: this.cursorY, size: style.size, font });
    const rightX = PAGE_SIZE[0] - MARGIN - font.widthOfTextAtSize(right, style.size);
    this.page.drawText(right, { x: rightX, y: this.cursorY, size: style.size, font });
  }

  /** Keeps the next `height` points on one page, so a signature block is not split. */
  keepTogether(height: number): void {
    this.ensureRoom(height);
  }

  /** Adds «Страница N из M» at the bottom of every page. */
  finish(footer: (pageNumber: number, pageCount: number) => string, size: number): void {
    this.pages.forEach((page, index) => {
      const text = footer(index + 1, this.pages.length);
      const width = this.fonts.regular.widthOfTextAtSize(text, size);
      page.drawText(text, { x: (PAGE_SIZE[0] - width) / 2, y: MARGIN / 2, size, font: this.fonts.regular });
    });
  }
}
