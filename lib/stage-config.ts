import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { z } from 'zod';
import { notificationsConfigSchema } from './constructs/notification-channels.ts';

/** Stages that `cdk.json` configures and `-c stage=…` selects. */
export const STAGE_NAMES = ['dev', 'staging', 'prod'] as const;
export type StageName = (typeof STAGE_NAMES)[number];
export const DEFAULT_STAGE: StageName = 'dev';

const httpsUrl = z.url({ protocol: /^https$/ });

/** The stack creates a KMS-encrypted table and bucket in the stage's own account. */
const awsPersonalDataSchema = z.strictObject({ location: z.literal('aws') });

/**
 * An S3- and DynamoDB-compatible service outside AWS (for example one hosted in Russia). The
 * stack creates no table or bucket and only passes the endpoints, names and secret to the
 * functions. The secret contains `{ "accessKeyId": …, "secretAccessKey": … }`.
 */
const externalPersonalDataSchema = z.strictObject({
  location: z.literal('external'),
  region: z.string().min(1),
  dynamodbEndpoint: httpsUrl,
  s3Endpoint: httpsUrl,
  /** Path-style URLs (`endpoint/bucket/key`) need no DNS name or TLS certificate per bucket. */
  s3ForcePathStyle: z.boolean().default(true),
  tableName: z.string().min(1),
  bucketName: z.string().min(1),
  credentialsSecretName: z.string().min(1),
});

const personalDataSchema = z.discriminatedUnion('location', [awsPersonalDataSchema, externalPersonalDataSchema]);

const RETENTION_PERIODS = Object.values(RetentionDays).filter((days): days is number => typeof days === 'number');

const retentionDaysSchema = z
  .number()
  .int()
  .refine((days) => RETENTION_PERIODS.includes(days), {
    message: `must be a CloudWatch Logs retention period in days: ${RETENTION_PERIODS.filter((days) => days !== RetentionDays.INFINITE).join(', ')}, or ${RetentionDays.INFINITE} to keep logs forever`,
  });

export const stageConfigSchema = z.strictObject({
  /** Free text for the people who edit `cdk.json`. The stack ignores it. */
  '//': z.string().optional(),
  /** With both omitted the template is environment-agnostic, and the deploying credentials choose. */
  account: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id').optional(),
  region: z.string().min(1).optional(),
  logRetentionDays: retentionDaysSchema,
  logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']),
  /** `retain` keeps tables, buckets, keys and log groups when the stack is deleted. */
  removalPolicy: z.enum(['retain', 'destroy']),
  jwt: z.strictObject({
    issuer: httpsUrl,
    audience: z.array(z.string().min(1)).min(1),
  }),
  corsAllowedOrigins: z.array(httpsUrl.or(z.url({ protocol: /^http$/, hostname: /^localhost$/ }))).min(1),
  criminalRecordRegistryUrl: httpsUrl,
  alarmEmail: z.email().optional(),
  personalData: personalDataSchema,
  notifications: notificationsConfigSchema,
});

export type StageConfig = z.infer<typeof stageConfigSchema> & { name: StageName };
export type ExternalPersonalDataConfig = z.infer<typeof externalPersonalDataSchema>;

/** An invalid or unknown stage in the CDK context; its message names what to fix. */
export class StageConfigError extends Error {
  override readonly name = 'StageConfigError';
}

/** The context reader of a construct node (`app.node`), from which `stage` and `stages` come. */
export interface StageContext {
  tryGetContext(key: string): unknown;
}

/**
 * Selects and validates the stage that the `stage` context value names (default `dev`).
 * Throws an error that names the invalid fields, or lists the valid stages when the name is unknown.
 */
export function readStageConfig(context: StageContext): StageConfig {
  const requested = context.tryGetContext('stage') ?? DEFAULT_STAGE;
  if (typeof requested !== 'string' || !(STAGE_NAMES as readonly string[]).includes(requested)) {
    throw new StageConfigError(`Unknown stage "${String(requested)}": use -c stage=${STAGE_NAMES.join('|')}`);
  }
  const name = requested as StageName;

  const stages = context.tryGetContext('stages');
  const raw = typeof stages === 'object' && stages !== null ? (stages as Record<string, unknown>)[name] : undefined;
  if (raw === undefined) {
    throw new StageConfigError(`Stage "${name}" is missing from the "stages" object in the context of cdk.json`);
  }

  const parsed = stageConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new StageConfigError(`Invalid configuration of stage "${name}" in cdk.json:\n${z.prettifyError(parsed.error)}`);
  }
  return { ...parsed.data, name };
}

/** Host names that mark a value in `cdk.json` as a placeholder that ops must replace. */
const PLACEHOLDER_HOST = /(^|\.)example(\.|$)/;

/** Returns the dotted paths of the stage's URLs that still point at a placeholder host. */
export function findPlaceholderUrls(config: StageConfig): string[] {
  const urls: [string, string][] = [
    ['jwt.issuer', config.jwt.issuer],
    ['criminalRecordRegistryUrl', config.criminalRecordRegistryUrl],
    ['notifications.portalBaseUrl', config.notifications.portalBaseUrl],
    ...config.corsAllowedOrigins.map((origin, index): [string, string] => [`corsAllowedOrigins.${index}`, origin]),
  ];
  if (config.personalData.location === 'external') {
    urls.push(['personalData.dynamodbEndpoint', config.personalData.dynamodbEndpoint]);
    urls.push(['personalData.s3Endpoint', config.personalData.s3Endpoint]);
  }
  return urls.filter(([, url]) => PLACEHOLDER_HOST.test(new URL(url).hostname)).map(([path]) => path);
}

/** Returns what CloudFormation does with the stage's data stores when they leave the stack. */
export function removalPolicyOf(config: StageConfig): RemovalPolicy {
  return config.removalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
}
