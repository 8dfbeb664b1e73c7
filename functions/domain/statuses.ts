/** Application statuses: stable codes in data and events, Russian titles for people. */
export const APPLICATION_STATUS_TITLES = {
  RECEIVED: 'Получено',
  IN_REVIEW: 'На проверке',
  APPROVED: 'Одобрено',
  REJECTED: 'Отклонено',
  /** The applicant cancelled the contract after approval; the contract versions stay readable. */
  CANCELLED: 'Отменён',
} as const;

export type ApplicationStatus = keyof typeof APPLICATION_STATUS_TITLES;

/** Document statuses, set by the upload validator. */
export const DOCUMENT_STATUS_TITLES = {
  AWAITING_UPLOAD: 'Ожидает загрузки',
  ACCEPTED: 'Принято',
  REJECTED: 'Отклонено',
} as const;

export type DocumentStatus = keyof typeof DOCUMENT_STATUS_TITLES;
