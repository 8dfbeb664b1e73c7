import { z } from 'zod';
import { CHANNELS, NOTIFICATION_KINDS, type Channel, type NotificationKind } from './channels.ts';

export type ChannelChoice = Record<Channel, boolean>;

/** For each notification kind, whether it goes out by push, SMS and e-mail. */
export type NotificationPreferences = Record<NotificationKind, ChannelChoice>;

/**
 * An applicant's notification settings, kept in the state table. They hold choices and an SNS
 * endpoint ARN only: the phone number and e-mail address stay in the personal-data store.
 */
export interface NotificationSettings {
  applicantId: string;
  /** 0 until the applicant first saves settings; every change adds 1. Sent as the ETag. */
  version: number;
  preferences: NotificationPreferences;
  /** SNS mobile-push endpoint of the applicant's device, registered by the mobile app. */
  pushEndpointArn?: string;
  updatedAt?: string;
}

const all: ChannelChoice = { push: true, sms: true, email: true };

/**
 * Settings of an applicant who has saved none: e-mail for everything; status changes, contract
 * events and consultation reminders also by push and SMS, because they ask the applicant to act
 * soon; documents and feedback answers also by push.
 */
export const DEFAULT_PREFERENCES: NotificationPreferences = {
  statusChanges: all,
  documents: { push: true, sms: false, email: true },
  contractCreated: all,
  contractExtended: all,
  contractTermsChanged: all,
  contractOverdue: all,
  consultationReminders: all,
  feedbackAnswers: { push: true, sms: false, email: true },
};

export function defaultSettings(applicantId: string): NotificationSettings {
  return { applicantId, version: 0, preferences: structuredClone(DEFAULT_PREFERENCES) };
}

export function isChannelEnabled(settings: NotificationSettings, kind: NotificationKind, channel: Channel): boolean {
  return settings.preferences[kind]?.[channel] === true;
}

const channelChoiceSchema = z.strictObject(
  Object.fromEntries(CHANNELS.map((channel) => [channel, z.boolean({ error: 'Укажите true или false' })])) as Record<
    Channel,
    z.ZodBoolean
  >,
);

/** A full set of preferences: every kind with every channel, nothing else. */
export const preferencesSchema = z.strictObject(
  Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, channelChoiceSchema])) as Record<
    NotificationKind,
    typeof channelChoiceSchema
  >,
) satisfies z.ZodType<NotificationPreferences>;

export const settingsKey = (applicantId: string) => ({ pk: `APPLICANT#${applicantId}`, sk: 'NOTIFICATION_SETTINGS' });

export const deliveryKey = (eventId: string, channel: string) => ({ pk: `DELIVERY#${eventId}#${channel}`, sk: 'DELIVERY' });

export const applicantJournalKey = (applicantId: string, occurredAt: string, eventId: string) => ({
  pk: `APPLICANT#${applicantId}`,
  sk: `JOURNAL#${occurredAt}#${eventId}`,
});
