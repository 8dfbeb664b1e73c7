/**
 * Every Lambda function of the service: its entry file, what it may reach and how it is
 * triggered. The CDK stack builds one function from each entry and grants exactly this access.
 * The local runtime loads the same entries, and the OpenAPI test compares the routes.
 */

/** Resource a function may reach. The CDK stack turns each into an IAM grant. */
export type Access =
  | 'stateTable'
  | 'personalDataRead'
  | 'personalDataWrite'
  | 'eventsTopic'
  | 'startReview'
  | 'criminalRecordRegistry';

export interface FunctionSpec {
  /** PascalCase id, used in CDK construct ids and log messages. */
  id: string;
  /** Path from the repository root to the file that exports `handler`. */
  entry: string;
  access: Access[];
  timeoutSeconds?: number;
  memoryMb?: number;
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
    access: ['stateTable', 'personalDataWrite', 'eventsTopic'],
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
    access: ['stateTable', 'personalDataWrite', 'eventsTopic'],
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
    access: ['stateTable', 'personalDataRead', 'criminalRecordRegistry'],
    timeoutSeconds: 30,
  },
  {
    id: 'WaitForOperator',
    substitution: 'WaitForOperatorFunctionArn',
    entry: 'functions/workflow/wait-for-operator.ts',
    access: ['stateTable', 'eventsTopic'],
  },
  {
    id: 'RecordOutcome',
    substitution: 'RecordOutcomeFunctionArn',
    entry: 'functions/workflow/record-outcome.ts',
    access: ['stateTable', 'eventsTopic'],
  },
];

/** Consumes the S3 ObjectCreated notifications that the bucket sends to the uploads queue. */
export const UPLOAD_VALIDATOR: FunctionSpec = {
  id: 'ValidateUpload',
  entry: 'functions/uploads/validate-upload.ts',
  access: ['stateTable', 'personalDataRead', 'eventsTopic'],
  timeoutSeconds: 60,
  memoryMb: 1024,
};

/** Publishes events that a crash left pending; runs on a schedule. */
export const PENDING_EVENTS_SWEEP: FunctionSpec = {
  id: 'SweepPendingEvents',
  entry: 'functions/events/sweep-pending-events.ts',
  access: ['stateTable', 'eventsTopic'],
  timeoutSeconds: 120,
};
