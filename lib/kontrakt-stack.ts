import { Annotations, CfnOutput, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { PENDING_EVENTS_SWEEP, REVIEW_TERMS_CHECK, UPLOAD_VALIDATOR } from '../functions/catalog.ts';
import { UPLOADS_PREFIX } from '../functions/personal-data/table-design.ts';
import { AlarmTopic } from './constructs/alarm-topic.ts';
import { Events } from './constructs/events.ts';
import type { ServiceResources } from './constructs/function-access.ts';
import { HttpApi } from './constructs/http-api.ts';
import { NotificationChannels } from './constructs/notification-channels.ts';
import { PersonalDataStore } from './constructs/personal-data-store.ts';
import { ReviewWorkflow } from './constructs/review-workflow.ts';
import { buildServiceFunction, type BuildFunction } from './constructs/service-function.ts';
import { StateTable } from './constructs/state-table.ts';
import { UploadValidation } from './constructs/upload-validation.ts';
import { findPlaceholderUrls, type StageConfig } from './stage-config.ts';

const UPLOADS_QUEUE_DESCRIPTION = `Queue for ObjectCreated notifications of the personal-data bucket under ${UPLOADS_PREFIX}`;

export interface KontraktStackProps extends StackProps {
  stage: StageConfig;
  /** Path of the review workflow's Amazon States Language definition. */
  reviewDefinitionFile: string;
}

/** Every resource of one stage: stores, functions, HTTP API, queues, topics, the review workflow and notifications. */
export class KontraktStack extends Stack {
  readonly alarms: AlarmTopic;
  readonly stateTable: StateTable;
  readonly uploads: UploadValidation;
  readonly personalData: PersonalDataStore;
  readonly events: Events;
  readonly workflow: ReviewWorkflow;
  readonly api: HttpApi;
  readonly notifications: NotificationChannels;

  constructor(scope: Construct, id: string, props: KontraktStackProps) {
    super(scope, id, props);
    const { stage } = props;
    Tags.of(this).add('Project', 'Kontrakt');
    Tags.of(this).add('Stage', stage.name);
    warnAboutPlaceholders(this, stage);

    this.alarms = new AlarmTopic(this, 'Alarms', { stage });
    this.stateTable = new StateTable(this, 'StateTable', { stage });
    this.uploads = new UploadValidation(this, 'UploadValidation', { alarmAction: this.alarms.action });
    this.personalData = new PersonalDataStore(this, 'PersonalData', { stage, uploadsQueue: this.uploads.queue });
    this.events = new Events(this, 'Events', { stage });

    const resources: ServiceResources = {
      stage,
      stateTable: this.stateTable.table,
      personalData: this.personalData,
      eventsTopic: this.events.topic,
    };
    this.workflow = new ReviewWorkflow(this, 'ReviewWorkflow', {
      stage,
      definitionFile: props.reviewDefinitionFile,
      buildFunction: (scope, spec) => buildServiceFunction(scope, spec, resources),
      alarmAction: this.alarms.action,
    });

    // Only functions built from here on may start the workflow.
    const withWorkflow: ServiceResources = { ...resources, reviewStateMachine: this.workflow.stateMachine };
    const buildFunction: BuildFunction = (scope, spec) => buildServiceFunction(scope, spec, withWorkflow);
    this.api = new HttpApi(this, 'HttpApi', { stage, buildFunction });
    this.uploads.addValidator(buildFunction(this.uploads, UPLOAD_VALIDATOR));
    this.events.scheduleSweep(buildFunction(this.events, PENDING_EVENTS_SWEEP));
    this.events.scheduleReviewTermsCheck(buildFunction(this.events, REVIEW_TERMS_CHECK));
    this.notifications = new NotificationChannels(this, 'Notifications', {
      eventsTopic: this.events.topic,
      config: stage.notifications,
      buildFunction,
      alarmAction: this.alarms.action,
    });

    // The operator console runs outside Lambda, so ops export these outputs as its variables.
    const consoleVariables: Record<string, string> = {
      AWS_REGION: this.region,
      STATE_TABLE_NAME: this.stateTable.table.tableName,
      EVENTS_TOPIC_ARN: this.events.topic.topicArn,
      REVIEW_STATE_MACHINE_ARN: this.workflow.stateMachine.stateMachineArn,
      ...this.personalData.environment,
    };
    for (const [name, value] of Object.entries(consoleVariables)) {
      new CfnOutput(this, outputIdOf(name), { value, description: `Operator console: export as ${name}` });
    }
    new CfnOutput(this, 'HttpApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'UploadsQueueUrl', { value: this.uploads.queue.queueUrl, description: UPLOADS_QUEUE_DESCRIPTION });
    new CfnOutput(this, 'UploadsQueueArn', { value: this.uploads.queue.queueArn, description: UPLOADS_QUEUE_DESCRIPTION });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn, description: 'Topic that every alarm of the stage notifies' });
  }
}

/** Turns an environment variable name into an output id: PERSONAL_DATA_S3_ENDPOINT → PersonalDataS3Endpoint. */
function outputIdOf(variable: string): string {
  return variable
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

function warnAboutPlaceholders(stack: Stack, stage: StageConfig): void {
  const placeholders = findPlaceholderUrls(stage);
  if (placeholders.length === 0) return;
  Annotations.of(stack).addWarningV2(
    'kontrakt:placeholderStageConfig',
    `Stage "${stage.name}" still has placeholder URLs in cdk.json (${placeholders.join(', ')}); set the real values before deploying`,
  );
}
