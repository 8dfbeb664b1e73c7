import { fileURLToPath } from 'node:url';
import { join, posix } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type ICommandHooks, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { FunctionSpec } from '../../functions/catalog.ts';
import { acknowledgeFindings } from '../nag.ts';
import { removalPolicyOf, type StageConfig } from '../stage-config.ts';
import { grantAccess, type ServiceResources } from './function-access.ts';

/** Repository root, to which catalog entries and the lock file are relative. */
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

const DEFAULT_TIMEOUT_SECONDS = 10;
const DEFAULT_MEMORY_MB = 512;

/** Builds one function of the catalog in the given scope. */
export type BuildFunction = (scope: Construct, spec: FunctionSpec) => NodejsFunction;

export const timeoutOf = (spec: FunctionSpec): Duration => Duration.seconds(spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS);

/**
 * esbuild's ESM output has no `require`, which bundled CommonJS dependencies call for Node
 * built-ins, so the bundle defines one first.
 */
const REQUIRE_BANNER =
  "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);";

/**
 * Builds the Lambda function that a catalog entry describes (Node.js 24 on arm64, bundled as
 * minified ESM with source maps, X-Ray tracing, its own log group) and grants it exactly the
 * access that the entry lists.
 */
export function buildServiceFunction(scope: Construct, spec: FunctionSpec, resources: ServiceResources): NodejsFunction {
  const { stage } = resources;
  const logGroup = new LogGroup(scope, `${spec.id}Logs`, {
    retention: stage.logRetentionDays,
    removalPolicy: removalPolicyOf(stage),
  });

  // A role of its own instead of AWSLambdaBasicExecutionRole, which may write to any log group.
  const role = new Role(scope, `${spec.id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
  logGroup.grantWrite(role);

  const fn = new NodejsFunction(scope, spec.id, {
    role,
    entry: join(PROJECT_ROOT, spec.entry),
    handler: 'handler',
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    timeout: timeoutOf(spec),
    memorySize: spec.memoryMb ?? DEFAULT_MEMORY_MB,
    tracing: Tracing.ACTIVE,
    logGroup,
    environment: baseEnvironment(stage),
    bundling: {
      format: OutputFormat.ESM,
      mainFields: ['module', 'main'],
      banner: REQUIRE_BANNER,
      target: 'node24',
      minify: true,
      sourceMap: true,
      sourcesContent: false,
      // The AWS SDK is bundled as well, so the deployed version is the one package-lock.json
      // pins and the tests ran, not whichever version the Lambda runtime ships.
      externalModules: [],
      commandHooks: copyBundledFiles(spec),
    },
  });
  acknowledgeFindings(
    fn,
    ['L1'],
    'Node.js 24 is the version that the project pins (the node devDependency) and runs its tests on, so moving to a newer runtime is a deliberate upgrade.',
  );
  acknowledgeFindings(
    fn,
    ['IAM5[Resource::*]'],
    'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions',
  );
  grantAccess(fn, spec, resources);
  return fn;
}

/**
 * Copies the spec's `bundledFiles` (files read at run time, such as fonts) into the bundle after
 * esbuild has run. Returns undefined for a spec without any, so its bundling stays unchanged.
 */
function copyBundledFiles(spec: FunctionSpec): ICommandHooks | undefined {
  const files = spec.bundledFiles ?? [];
  if (files.length === 0) return undefined;
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string) =>
      files.map(({ from, to }) => {
        const target = posix.join(outputDir, to);
        return `mkdir -p "${posix.dirname(target)}" && cp "${posix.join(inputDir, from)}" "${target}"`;
      }),
  };
}

function baseEnvironment(stage: StageConfig): Record<string, string> {
  return {
    NODE_OPTIONS: '--enable-source-maps',
    POWERTOOLS_SERVICE_NAME: 'kontrakt',
    POWERTOOLS_LOG_LEVEL: stage.logLevel,
  };
}
