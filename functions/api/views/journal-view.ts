import type { Actor, DomainEvent } from '../../domain/events.ts';
import { describeEvent } from '../../domain/journal-texts.ts';
import { toMoscowDateTime } from './moscow-time.ts';

export interface JournalEntryView {
  eventId: string;
  type: string;
  occurredAt: string;
  /** Moscow date, ДД.ММ.ГГГГ. */
  date: string;
  /** Moscow time, ЧЧ:ММ. */
  time: string;
  actor: { kind: Actor['kind']; id: string; title: string };
  text: string;
  /** The operator's note, for the applicant to read. */
  note?: string;
}

/** The Russian name of who acted: «Заявитель», «Оператор op-1» or «Система». */
export function actorTitle(actor: Actor): string {
  switch (actor.kind) {
    case 'applicant':
      return 'Заявитель';
    case 'operator':
      return `Оператор ${actor.id}`;
    case 'system':
      return 'Система';
  }
}

export function toJournalEntryView(event: DomainEvent, noteTexts: ReadonlyMap<string, string>): JournalEntryView {
  const { date, time } = toMoscowDateTime(event.occurredAt);
  return {
    eventId: event.eventId,
    type: event.type,
    occurredAt: event.occurredAt,
    date,
    time,
    actor: { kind: event.actor.kind, id: event.actor.id, title: actorTitle(event.actor) },
    text: describeEvent(event),
    note: event.noteId === undefined ? undefined : noteTexts.get(event.noteId),
  };
}
