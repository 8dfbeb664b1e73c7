import { join } from 'node:path';
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { KontraktStack } from './kontrakt-stack.ts';
import { PROJECT_ROOT } from './constructs/service-function.ts';
import { readStageConfig } from './stage-config.ts';

export const REVIEW_DEFINITION_FILE = join(PROJECT_ROOT, 'statemachines', 'review-application.asl.json');

/**
 * Adds the stack of the stage that the app's context selects (`-c stage=dev|staging|prod`,
 * default dev), named `Kontrakt-<stage>`, and checks the app with cdk-nag's AWS Solutions rules.
 */
export function addKontraktStack(app: App): KontraktStack {
  const stage = readStageConfig(app.node);
  const stack = new KontraktStack(app, `Kontrakt-${stage.name}`, {
    stage,
    env: { account: stage.account, region: stage.region },
    description: `Kontrakt ${stage.name}: back end of the contract-service application portal`,
    reviewDefinitionFile: REVIEW_DEFINITION_FILE,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}
