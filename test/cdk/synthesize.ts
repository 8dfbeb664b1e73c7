import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addKontraktStack } from '../../lib/kontrakt-app.ts';
import type { KontraktStack } from '../../lib/kontrakt-stack.ts';

const CDK_JSON = new URL('../../cdk.json', import.meta.url);

export interface SynthesizedStage {
  app: App;
  stack: KontraktStack;
  template: Template;
}

export interface SynthesizeOptions {
  /** Bundle the functions with esbuild (about 10 s a stack); otherwise CDK skips bundling. */
  bundle?: boolean;
  /** Changes a copy of cdk.json's context before the app reads it. */
  editContext?: (context: CdkContext) => void;
}

export interface CdkContext {
  stages: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** Returns a copy of the context of cdk.json: the stages and the feature flags that `cdk synth` applies. */
export function readCdkContext(): CdkContext {
  const cdkJson = JSON.parse(readFileSync(CDK_JSON, 'utf8')) as { context: CdkContext };
  return cdkJson.context;
}

/** Synthesizes one stage as `cdk synth -c stage=…` does, with cdk-nag checking the app. */
export function synthesizeStage(stage: string, options: SynthesizeOptions = {}): SynthesizedStage {
  const context = readCdkContext();
  options.editContext?.(context);
  const app = new App({
    context: { ...context, stage, ...(options.bundle === true ? {} : { 'aws:cdk:bundling-stacks': [] }) },
  });
  const stack = addKontraktStack(app);
  return { app, stack, template: Template.fromStack(stack) };
}
