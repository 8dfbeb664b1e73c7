/** An e-mail ready for SES: subject, plain-text part and HTML part. */
export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

export interface EmailContent {
  subject: string;
  paragraphs: string[];
  link?: { text: string; url: string };
  footer: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/** Lays out the same content as a plain-text part and an HTML part, with every value escaped in the HTML. */
export function renderEmailBody(content: EmailContent): EmailMessage {
  const textParts = ['Здравствуйте!', ...content.paragraphs];
  if (content.link) textParts.push(`${content.link.text}: ${content.link.url}`);
  textParts.push('—', content.footer);

  const htmlParagraphs = content.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`);
  const htmlLink = content.link
    ? `<p><a href="${escapeHtml(content.link.url)}">${escapeHtml(content.link.text)}</a></p>`
    : '';
  const html = [
    '<!DOCTYPE html>',
    '<html lang="ru"><head><meta charset="utf-8"><title>' + escapeHtml(content.subject) + '</title></head>',
    '<body style="font-family: Arial, sans-serif; font-size: 15px; color: #1f1f1f;">',
    '<p>Здравствуйте!</p>',
    ...htmlParagraphs,
    htmlLink,
    `<p style="color: #6b6b6b; font-size: 13px;">${escapeHtml(content.footer)}</p>`,
    '</body></html>',
  ]
    .filter((line) => line !== '')
    .join('\n');

  return { subject: content.subject, text: textParts.join('\n\n'), html };
}
