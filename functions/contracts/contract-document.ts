import { PDFDocument } from 'pdf-lib';
import { formatRussianDate } from '../api/schemas/calendar-date.ts';
import { alignedFontkit } from './aligned-fontkit.ts';
import type { ContractContent } from './contract-content.ts';
import type { ContractFontBytes } from './contract-fonts.ts';
import { PdfTextLayout, type TextStyle } from './pdf-text-layout.ts';

export const CONTRACT_TITLE = 'Контракт о прохождении военной службы';

const MINISTRY = 'Министерство обороны Российской Федерации';
/** NOTE: the signing official is not known when the PDF is generated, so the contract names the office and leaves the name to the signature line. */
const MINISTRY_REPRESENTATIVE =
  'в лице уполномоченного должностного лица пункта отбора на военную службу по контракту, действующего на основании доверенности';

const NO_BREAK_SPACE = '\u00A0';

const TITLE: TextStyle = { size: 15, bold: true, align: 'center' };
const SUBTITLE: TextStyle = { size: 11, align: 'center' };
const HEADING: TextStyle = { size: 11, bold: true, spaceBefore: 8 };
const BODY: TextStyle = { size: 10.5, spaceBefore: 2 };
const SMALL: TextStyle = { size: 8.5 };

function citizenFullName(citizen: ContractContent['citizen']): string {
  return [citizen.lastName, citizen.firstName, citizen.middleName].filter((part) => part !== undefined).join(' ');
}

/** «Иванов И. И.», as a signature line writes a name. */
function citizenShortName(citizen: ContractContent['citizen']): string {
  const initials = [citizen.firstName, citizen.middleName]
    .filter((part): part is string => part !== undefined)
    .map((part) => `${part.charAt(0)}.`)
    .join(' ');
  return `${citizen.lastName} ${initials}`;
}

function citizenParty(citizen: ContractContent['citizen']): string {
  const passport = citizen.passport;
  const series = `${passport.series.slice(0, 2)}${NO_BREAK_SPACE}${passport.series.slice(2)}`;
  return (
    `гражданин Российской Федерации ${citizenFullName(citizen)}, дата рождения ${formatRussianDate(citizen.birthDate)}, ` +
    `паспорт серии ${series}${NO_BREAK_SPACE}№${NO_BREAK_SPACE}${passport.number}, выдан ${passport.issuedBy} ${formatRussianDate(passport.issueDate)}, ` +
    `код подразделения ${passport.divisionCode} (далее — гражданин)`
  );
}

/** Lists the numbered sections of the contract as [heading, paragraphs]. */
function contractSections(content: ContractContent): Array<[string, string[]]> {
  const { terms } = content;
  const edition =
    content.version === 1
      ? `Настоящая редакция контракта — ${content.version}-я.`
      : `Настоящая редакция контракта — ${content.version}-я; она заменяет редакцию ${content.version - 1} с даты её подписания сторонами.`;
  return [
    [
      '1. Предмет контракта',
      [
        '1.1. Гражданин добровольно поступает на военную службу и обязуется проходить её в Вооружённых Силах Российской Федерации в течение срока, установленного настоящим контрактом.',
        `1.2. Воинская должность: ${terms.position}.`,
        `1.3. Место прохождения военной службы: ${terms.employer}.`,
      ],
    ],
    [
      '2. Срок контракта',
      [
        `2.1. Контракт заключается на срок с ${formatRussianDate(terms.contractStart)} по ${formatRussianDate(terms.contractEnd)} включительно.`,
      ],
    ],
    [
      '3. Обязательства сторон',
      [
        '3.1. Гражданин обязуется добросовестно исполнять общие, должностные и специальные обязанности военнослужащих, установленные законодательными и иными нормативными правовыми актами Российской Федерации.',
        '3.2. Министерство обороны обязуется соблюдать права гражданина и членов его семьи, включая получение социальных гарантий и компенсаций, установленных законодательством Российской Федерации.',
      ],
    ],
    [
      '4. Заключительные положения',
      [
        `4.1. Контракт составлен по заявлению № ${content.applicationId}, поданному через портал государственных услуг. ${edition}`,
        '4.2. Контракт вступает в силу со дня его подписания сторонами.',
      ],
    ],
  ];
}

function writeSignatureBlock(layout: PdfTextLayout, party: string, name: string): void {
  layout.keepTogether(70);
  layout.text(party, { ...BODY, bold: true, spaceBefore: 12 });
  layout.text(`____________________ / ${name}`, { ...BODY, spaceBefore: 14 });
  layout.text('(подпись)', SMALL);
}

/**
 * Renders the contract as an A4 PDF in Russian, with PT Serif embedded as a subset so that
 * Cyrillic text is shown and can be copied.
 */
export async function renderContractPdf(content: ContractContent, fontBytes: ContractFontBytes): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  document.registerFontkit(alignedFontkit);
  const fonts = {
    regular: await document.embedFont(fontBytes.regular, { subset: true }),
    bold: await document.embedFont(fontBytes.bold, { subset: true }),
  };
  document.setTitle(`${CONTRACT_TITLE} № ${content.contractNumber}`);
  document.setLanguage('ru-RU');
  document.setCreator('Kontrakt');
  const generatedAt = new Date(`${content.date}T00:00:00+03:00`);
  document.setCreationDate(generatedAt);
  document.setModificationDate(generatedAt);

  const layout = new PdfTextLayout(document, fonts);
  layout.text(CONTRACT_TITLE, TITLE);
  layout.text(`№ ${content.contractNumber}`, { ...SUBTITLE, bold: true, spaceBefore: 4 });
  layout.text(`Редакция ${content.version}`, SUBTITLE);
  layout.splitLine('г. Москва', formatRussianDate(content.date), { ...BODY, spaceBefore: 14 });

  layout.text(
    `${MINISTRY} ${MINISTRY_REPRESENTATIVE} (далее — Министерство обороны), с одной стороны, и ${citizenParty(content.citizen)}, ` +
      'с другой стороны, заключили настоящий контракт о нижеследующем.',
    { ...BODY, spaceBefore: 12 },
  );
  for (const [heading, paragraphs] of contractSections(content)) {
    layout.text(heading, HEADING);
    for (const paragraph of paragraphs) layout.text(paragraph, BODY);
  }

  layout.text('5. Подписи сторон', HEADING);
  writeSignatureBlock(layout, `От ${MINISTRY.replace('Министерство', 'Министерства')}`, '____________________');
  writeSignatureBlock(layout, 'Гражданин', citizenShortName(content.citizen));

  layout.finish(
    (page, pages) => `Контракт № ${content.contractNumber}, редакция ${content.version}. Страница ${page} из ${pages}`,
    SMALL.size,
  );
  return document.save();
}
