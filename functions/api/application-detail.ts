import type { ApplicationRecord } from '../domain/application-record.ts';
import { readJournal } from '../domain/applications.ts';
import type { DomainEvent } from '../domain/events.ts';
import { type StoredForm, getForm } from '../personal-data/forms.ts';
import { getNoteText } from '../personal-data/notes.ts';
import type { ApplicationForm } from './schemas/application-form.ts';
import { type ApplicationDetailView, toApplicationDetail } from './views/application-view.ts';

/** Reads the texts of the operator notes that the journal and the decision refer to. */
async function readNoteTexts(record: ApplicationRecord, journal: DomainEvent[]): Promise<Map<string, string>> {
  const noteIds = new Set<string>();
  for (const event of journal) if (event.noteId !== undefined) noteIds.add(event.noteId);
  if (record.decision?.noteId !== undefined) noteIds.add(record.decision.noteId);

  const texts = new Map<string, string>();
  await Promise.all(
    [...noteIds].map(async (noteId) => {
      const text = await getNoteText(record.applicationId, noteId);
      if (text !== undefined) texts.set(noteId, text);
    }),
  );
  return texts;
}

/**
 * Builds the applicant's full view of an application: the form from the personal-data store, the
 * documents, the journal with operator notes, and the decision. A caller that has just written
 * the form passes it to save a read.
 */
export async function loadApplicationDetail(
  record: ApplicationRecord,
  knownForm?: StoredForm<ApplicationForm>,
): Promise<ApplicationDetailView> {
  const [form, journal] = await Promise.all([
    knownForm ?? getForm<ApplicationForm>(record.applicationId),
    readJournal(record),
  ]);
  if (form === undefined) {
    // The form is written before the application record, so this is a broken store, not a bad request.
    throw new Error(`Form of application ${record.applicationId} is missing`);
  }
  const noteTexts = await readNoteTexts(record, journal);
  return toApplicationDetail({ record, form, journal, noteTexts });
}
