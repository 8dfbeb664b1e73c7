/**
 * Every Lambda function of the service: its entry file, what it may reach and how it is
 * triggered. The CDK stack builds one function from each entry and grants exactly this access.
 * The local runtime loads the same entries, and the OpenAPI test compares the routes.
 */

import { CONTRACT_FONT_FILES } from './contracts/contract-font-files.ts';

/** Resource a function may reach. The CDK stack turns each into an IAM grant. */
export type Access =
  | 'stateTable'
  | 'personalDataRead'
  | 'personalDataWrite'
  /** Writes accepted documents under accepted/ in the personal-data bucket, and nothing else there. */
  | 'acceptedDocumentsWrite'
  | 'eventsTopic'
  | 'startReview'
  /** Completes the review's waiting steps (SendTaskSuccess). */
  | 'completeReviewTask'
  | 'criminalRecordRegistry';

export interface FunctionSpec {
  /** PascalCase id, used in CDK construct ids and log messages. */
  id: string;
  /** Path from the repository root to the file that exports `handler`. */
  entry: string;
  access: Access[];
  timeoutSeconds?: number;
  memoryMb?: number;
  /**
   * Files that the function reads at run time but that are not JavaScript, so esbuild does not
   * bundle them: each is copied from `from` (a path from the repository root) to `to` (a path
   * inside the bundle, next to index.mjs).
   */
  bundledFiles?: ReadonlyArray<{ from: string; to: string }>;
}

export interface ApiRouteSpec extends FunctionSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway path with `{name}` parameters, the same as in the OpenAPI description. */
  path: string;
}

export interface WorkflowTaskSpec extends FunctionSpec {
  /** The ASL definition substitution that receives this function's ARN. */
  substitution: string;
}

export const API_ROUTES: readonly ApiRouteSpec[] = [
  {
    id: 'CreateApplication',
    method: 'POST',
    path: '/applications',
    entry: 'functions/api/create-application.ts',
    // Reads the form back when an Idempotency-Key request is repeated.
    access: ['stateTable', 'personalDataRead', 'personalDataWrite', 'eventsTopic'],
  },
  {
    id: 'ListApplications',
    method: 'GET',
    path: '/applications',
    entry: 'functions/api/list-applications.ts',
    access: ['stateTable'],
  },
  {
    id: 'GetApplication',
    method: 'GET',
    path: '/applications/{applicationId}',
    entry: 'functions/api/get-application.ts',
    access: ['stateTable', 'personalDataRead'],
  },
  {
    id: 'UpdateApplication',
    method: 'PUT',
    path: '/applications/{applicationId}',
    entry: 'functions/api/update-application.ts',
    // Reads the current form to check its version and to restore it if the edit loses to a submission.
    access: ['stateTable', 'personalDataRead', 'personalDataWrite', 'eventsTopic'],
  },
  {
    id: 'RequestDocumentUpload',
    method: 'POST',
    path: '/applications/{applicationId}/documents/{documentType}/uploads',
    entry: 'functions/api/request-document-upload.ts',
    access: ['stateTable', 'personalDataWrite', 'eventsTopic'],
  },
  {
    id: 'SubmitApplication',
    method: 'POST',
    path: '/applications/{applicationId}/submit',
    entry: 'functions/api/submit-application.ts',
    access: ['stateTable', 'personalDataRead', 'eventsTopic', 'startReview'],
  },
  {
    id: 'GetContract',
    method: 'GET',
    path: '/applications/{applicationId}/contract',
    entry: 'functions/api/contract-get.ts',
    access: ['stateTable', 'personalDataRead'],
  },
  {
    id: 'RequestContractAmendment',
    method: 'POST',
    path: '/applications/{applicationId}/contract/amendments',
    entry: 'functions/api/contract-amendment.ts',
    // Reads the contract start from the form, stores the proposed terms, which may be personal,
    // and starts the amendment review.
    access: ['stateTable', 'personalDataRead', 'personalDataWrite', 'eventsTopic', 'startReview'],
  },
  {
    id: 'CancelContract',
    method: 'POST',
    path: '/applications/{applicationId}/contract/cancel',
    entry: 'functions/api/contract-cancel.ts',
    // Stores the applicant's reason as a note and deletes it again when the cancellation loses.
    access: ['stateTable', 'personalDataWrite', 'eventsTopic'],
  },
  {
    id: 'SubmitRequestedDocuments',
    method: 'POST',
    path: '/applications/{applicationId}/documents/submit',
    entry: 'functions/api/submit-requested-documents.ts',
    access: ['stateTable', 'completeReviewTask'],
  },
  {
    id: 'GetNotificationSettings',
    method: 'GET',
    path: '/notification-settings',
    entry: 'functions/notifications/api/get-notification-settings.ts',
    access: ['stateTable'],
  },
  {
    id: 'ReplaceNotificationSettings',
    method: 'PUT',
    path: '/notification-settings',
    entry: 'functions/notifications/api/replace-notification-settings.ts',
    access: ['stateTable'],
  },
  {
    id: 'RegisterPushEndpoint',
    method: 'PUT',
    path: '/notification-settings/push-endpoint',
    entry: 'functions/notifications/api/register-push-endpoint.ts',
    access: ['stateTable'],
  },
];

export const WORKFLOW_TASKS: readonly WorkflowTaskSpec[] = [
  {
    id: 'MarkInReview',
    substitution: 'MarkInReviewFunctionArn',
    entry: 'functions/workflow/mark-in-review.ts',
    access: ['stateTable', 'eventsTopic'],
  },
  {
    id: 'CheckDocuments',
    substitution: 'CheckDocumentsFunctionArn',
    entry: 'functions/workflow/check-documents.ts',
    access: ['stateTable', 'eventsTopic'],
  },
  {
    id: 'CheckCriminalRecord',
    substitution: 'CheckCriminalRecordFunctionArn',
    entry: 'functions/workflow/check-criminal-record.ts',
    // Writes the result to the personal-data store: it is special-category data.
    access: ['stateTable', 'personalDataRead', 'personalDataWrite', 'criminalRecordRegistry'],
    timeoutSeconds: 30,
  },
  {
    id: 'WaitForOperator',
    substitution: 'WaitForOperatorFunctionArn',
    entry: 'functions/workflow/wait-for-operator.ts',
    access: ['stateTable', 'eventsTopic'],
  },
  {
    id: 'CompleteOperatorStep',
    substitution: 'CompleteOperatorStepFunctionArn',
    entry: 'functions/workflow/complete-operator-step.ts',
    access: ['stateTable', 'eventsTopic'],
  },
  {
    id: 'RecordOutcome',
    substitution: 'RecordOutcomeFunctionArn',
    entry: 'functions/workflow/record-outcome.ts',
    access: ['stateTable', 'eventsTopic'],
  },
  {
    id: 'GenerateContract',
    substitution: 'GenerateContractFunctionArn',
    entry: 'functions/contracts/generate-contract.ts',
    // Reads the form and any amendment terms, and writes the contract PDF.
    access: ['stateTable', 'personalDataRead', 'personalDataWrite', 'eventsTopic'],
    timeoutSeconds: 60,
    memoryMb: 1024,
    bundledFiles: CONTRACT_FONT_FILES,
  },
];

/** Consumes the S3 ObjectCreated notifications that the bucket sends to the uploads queue. */
export const UPLOAD_VALIDATOR: FunctionSpec = {
  id: 'ValidateUpload',
  entry: 'functions/uploads/validate-upload.ts',
  access: ['stateTable', 'personalDataRead', 'acceptedDocumentsWrite', 'eventsTopic'],
  timeoutSeconds: 60,
  memoryMb: 2048,
};

/** Publishes events that a crash left pending; runs on a schedule. */
export const PENDING_EVENTS_SWEEP: FunctionSpec = {
  id: 'SweepPendingEvents',
  entry: 'functions/events/sweep-pending-events.ts',
  access: ['stateTable', 'eventsTopic'],
  timeoutSeconds: 120,
};

/**
 * Warns applicants and escalates reviews whose 10-working-day term has passed; runs on a
 * schedule. Applications that wait at no step are not checked.
 */
export const REVIEW_TERMS_CHECK: FunctionSpec = {
  id: 'CheckReviewTerms',
  entry: 'functions/workflow/check-review-terms.ts',
  access: ['stateTable', 'eventsTopic'],
  timeoutSeconds: 120,
};

/**
 * SQS consumers that deliver notifications, one per queue of
 * functions/notifications/filter-policies.ts. Only the applicant channels that need a phone
 * number or e-mail address read the personal-data store.
 */
export const NOTIFICATION_SENDERS: Record<'push' | 'sms' | 'email' | 'operators', FunctionSpec> = {
  push: { id: 'SendPush', entry: 'functions/notifications/send-push.ts', access: ['stateTable'], timeoutSeconds: 30 },
  sms: {
    id: 'SendSms',
    entry: 'functions/notifications/send-sms.ts',
    access: ['stateTable', 'personalDataRead'],
    timeoutSeconds: 30,
  },
  email: {
    id: 'SendEmail',
    entry: 'functions/notifications/send-email.ts',
    access: ['stateTable', 'personalDataRead'],
    timeoutSeconds: 30,
  },
  operators: {
    id: 'NotifyOperators',
    entry: 'functions/notifications/notify-operators.ts',
    access: ['stateTable'],
    timeoutSeconds: 30,
  },
};
