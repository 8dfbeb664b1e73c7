import { describeEvent } from '../../functions/domain/journal-texts.ts';
import { describeReason } from '../../functions/domain/reasons.ts';
import type { ApplicationView, DecisionView, DocumentView } from '../commands/show-application.ts';
import { DOWNLOAD_LINK_TTL_SECONDS } from '../download-links.ts';
import type { Paint, RenderOptions } from './render-options.ts';
import { printable, renderTable } from './table.ts';
import { actorTitle, documentStatusTitle, documentTitle, statusTitle, stepTitle, testingResultTitle } from './titles.ts';
import { formatAge, formatCalendarDate, formatDate, formatDateTime, formatTime } from './time-format.ts';
import { paintRegistryResult } from './waiting-steps-view.ts';

const STATUS_COLOURS: Record<string, Parameters<Paint>[0]> = {
  APPROVED: 'green',
  REJECTED: 'red',
  IN_REVIEW: 'yellow',
  ACCEPTED: 'green',
};

function paintStatus(paint: Paint, code: string | undefined, title: string): string {
  const colour = code === undefined ? undefined : STATUS_COLOURS[code];
  return colour === undefined ? title : paint(colour, title);
}

function renderDecision(decision: DecisionView): string {
  const decidedBy = decision.operatorId === undefined ? 'автоматически' : `оператор ${decision.operatorId}`;
  const operatorReason = decision.reasonCode === 'OPERATOR_APPROVED' || decision.reasonCode === 'OPERATOR_REJECTED';
  const reason = decision.reasonCode === undefined || operatorReason ? '' : `. ${describeReason(decision.reasonCode)}`;
  const line = `Решение: ${statusTitle(decision.outcome)} (${decidedBy})${reason}`;
  return decision.noteText === undefined ? line : `${line}\nПричина, указанная оператором: ${printable(decision.noteText)}`;
}

function documentNote(document: DocumentView): string {
  const notes: string[] = [];
  if (document.reasonCode !== undefined) notes.push(describeReason(document.reasonCode));
  if (document.fileName !== undefined) notes.push(document.fileName);
  if (document.expiryDate !== undefined) notes.push(`действует до ${formatCalendarDate(document.expiryDate)}`);
  else if (document.issueDate !== undefined) notes.push(`выдан ${formatCalendarDate(document.issueDate)}`);
  return notes.join('\n');
}

function renderDocuments(documents: DocumentView[], paint: Paint): string {
  const rows = documents.map((document) => [
    document.required ? `${documentTitle(document.type)} *` : documentTitle(document.type),
    paintStatus(paint, document.status, documentStatusTitle(document.status)),
    documentNote(document),
  ]);
  const table = `${renderTable(['Документ', 'Статус', 'Примечание'], rows, [44, 14, 44])}\n* обязательный документ`;
  // Links go below the table, because a wrapped link cannot be copied.
  const links = documents
    .filter((document) => document.downloadUrl !== undefined)
    .map((document) => `${documentTitle(document.type)}: ${document.downloadUrl}`);
  if (links.length === 0) return table;
  return `${table}\n\nСсылки для скачивания (действуют ${DOWNLOAD_LINK_TTL_SECONDS / 60} мин):\n${links.join('\n')}`;
}

function renderJournal(view: ApplicationView, options: RenderOptions): string {
  if (view.journal.length === 0) return 'Журнал пуст.';
  const rows = view.journal.map((event) => [
    formatDate(event.occurredAt, options.timeZone),
    formatTime(event.occurredAt, options.timeZone),
    actorTitle(event.actor),
    describeEvent(event),
  ]);
  return renderTable(['Дата', 'Время (МСК)', 'Кто', 'Событие'], rows, [12, 7, 22, 62]);
}

function renderResults(view: ApplicationView, paint: Paint): string[] {
  const lines = [`Реестр судимостей: ${paintRegistryResult(paint, view.results.registryResult)}`];
  const category = view.results.medicalCommissionCategory;
  if (category !== undefined) {
    const unfit = category === 'Г' || category === 'Д';
    lines.push(`Военно-врачебная комиссия: категория ${unfit ? paint(['bold', 'red'], category) : category}`);
  }
  const testing = view.results.psychologicalTestingResult;
  if (testing !== undefined) lines.push(`Психологический отбор: ${testingResultTitle(testing)}`);
  return lines;
}

function renderForm(view: ApplicationView): string {
  if (view.form === undefined) return 'Анкета не найдена в хранилище персональных данных.';
  const lines = [
    `ФИО: ${view.form.fullName ?? '—'}`,
    `Дата рождения: ${view.form.birthDate === undefined ? '—' : formatCalendarDate(view.form.birthDate)}`,
    `Паспорт: ${view.form.passport ?? '—'}`,
  ];
  return lines.join('\n');
}

/** Renders `show`: status, waiting steps, review results or decision, the form summary, documents and journal. */
export function renderApplication(view: ApplicationView, options: RenderOptions): string {
  const { paint } = options;
  const header = [
    paint('bold', `Заявление ${view.applicationId}`),
    `Статус: ${paintStatus(paint, view.status, statusTitle(view.status))}`,
    `Заявитель: ${view.applicantId}`,
    `Создано: ${formatDateTime(view.createdAt, options.timeZone)} МСК; изменено: ${formatDateTime(view.updatedAt, options.timeZone)} МСК`,
  ];
  if (view.reviewDeadline !== undefined) header.push(`Срок рассмотрения: до ${formatCalendarDate(view.reviewDeadline)} включительно`);
  for (const waiting of view.waiting) {
    const since = `${formatDateTime(waiting.waitingSince, options.timeZone)} (${formatAge(waiting.waitingSince, options.now)})`;
    const escalated = waiting.escalated ? paint(['bold', 'red'], ' — передан старшему оператору') : '';
    header.push(`Ожидает: ${stepTitle(waiting.step)}, с ${since}${escalated}`);
  }
  header.push(...renderResults(view, paint));
  if (view.decision !== undefined) header.push(renderDecision(view.decision));

  return [
    header.join('\n'),
    `${paint('bold', 'Анкета')}\n${renderForm(view)}`,
    `${paint('bold', 'Документы')}\n${renderDocuments(view.documents, paint)}`,
    `${paint('bold', 'Журнал')}\n${renderJournal(view, options)}`,
  ].join('\n\n');
}
