import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Access, FunctionSpec } from '../../functions/catalog.ts';
import { acknowledgeFindings, KMS_GRANT_FINDINGS, KMS_GRANT_REASON, nagArnOf } from '../nag.ts';
import type { StageConfig } from '../stage-config.ts';
import type { PersonalDataStore } from './personal-data-store.ts';

/** The resources that a catalog entry's `access` list can name. */
export interface ServiceResources {
  stage: StageConfig;
  stateTable: Table;
  personalData: PersonalDataStore;
  eventsTopic: ITopic;
  /** Missing while the workflow's own task functions are built, because it needs their ARNs. */
  reviewStateMachine?: IStateMachine;
}

/**
 * Grants each access that the spec lists, and sets the environment variables through which the
 * function finds the resource (see docs/architecture.md). Nothing else is granted.
 */
export function grantAccess(fn: LambdaFunction, spec: FunctionSpec, resources: ServiceResources): void {
  for (const access of new Set(spec.access)) {
    grantOne(fn, spec, access, resources);
  }
}

function grantOne(fn: LambdaFunction, spec: FunctionSpec, access: Access, resources: ServiceResources): void {
  switch (access) {
    case 'stateTable':
      // Grants the table's KMS key as well.
      resources.stateTable.grantReadWriteData(fn);
      acknowledgeFindings(
        fn,
        [`IAM5[Resource::${nagArnOf(resources.stateTable)}/index/*]`],
        'Queries the state table\'s own global secondary indexes (STATE_TABLE_DESIGN.indexes)',
      );
      acknowledgeFindings(fn, KMS_GRANT_FINDINGS, KMS_GRANT_REASON);
      fn.addEnvironment('STATE_TABLE_NAME', resources.stateTable.tableName);
      return;
    case 'personalDataRead':
      resources.personalData.grantRead(fn);
      addEnvironment(fn, resources.personalData.environment);
      return;
    case 'personalDataWrite':
      resources.personalData.grantWrite(fn);
      addEnvironment(fn, resources.personalData.environment);
      return;
    case 'acceptedDocumentsWrite':
      resources.personalData.grantAcceptedDocumentsWrite(fn);
      addEnvironment(fn, resources.personalData.environment);
      return;
    case 'eventsTopic':
      // Grants the topic's KMS key as well.
      resources.eventsTopic.grantPublish(fn);
      acknowledgeFindings(fn, ['IAM5[Action::kms:GenerateDataKey*]'], KMS_GRANT_REASON);
      fn.addEnvironment('EVENTS_TOPIC_ARN', resources.eventsTopic.topicArn);
      return;
    case 'startReview': {
      const stateMachine = resources.reviewStateMachine;
      if (stateMachine === undefined) {
        throw new Error(
          `${spec.id} needs startReview, but the review state machine does not exist yet. ` +
            'A workflow task cannot start the workflow, so build this function after the state machine.',
        );
      }
      stateMachine.grantStartExecution(fn);
      fn.addEnvironment('REVIEW_STATE_MACHINE_ARN', stateMachine.stateMachineArn);
      return;
    }
    case 'completeReviewTask': {
      const stateMachine = resources.reviewStateMachine;
      if (stateMachine === undefined) {
        throw new Error(`${spec.id} needs completeReviewTask, but the review state machine does not exist yet`);
      }
      // Task tokens carry no ARN, so SendTaskSuccess is granted on the state machine the token belongs to.
      stateMachine.grantTaskResponse(fn);
      return;
    }
    case 'criminalRecordRegistry':
      // The registry is outside AWS, so the function needs its URL and no IAM permission.
      fn.addEnvironment('CRIMINAL_RECORD_REGISTRY_URL', resources.stage.criminalRecordRegistryUrl);
      return;
    default: {
      const unknown: never = access;
      throw new Error(`${spec.id} lists access "${String(unknown)}", which the CDK stack does not know how to grant`);
    }
  }
}

function addEnvironment(fn: LambdaFunction, variables: Record<string, string>): void {
  for (const [name, value] of Object.entries(variables)) {
    fn.addEnvironment(name, value);
  }
}
