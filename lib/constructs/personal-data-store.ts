import { Duration, Stack } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  EventType,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { ACCEPTED_PREFIX, PERSONAL_DATA_TABLE_DESIGN, UPLOADS_PREFIX } from '../../functions/personal-data/table-design.ts';
import { removalPolicyOf, type ExternalPersonalDataConfig, type StageConfig } from '../stage-config.ts';
import { acknowledgeFindings, KMS_GRANT_FINDINGS, KMS_GRANT_REASON, nagArnOf } from '../nag.ts';
import { createEncryptionKey } from './encryption-key.ts';

/** The wildcard actions of CDK's Bucket.grantRead. */
const BUCKET_READ_FINDINGS = ['IAM5[Action::s3:GetBucket*]', 'IAM5[Action::s3:GetObject*]', 'IAM5[Action::s3:List*]'];

/** How long S3 keeps a replaced or deleted version of a document before it expires. */
const NONCURRENT_VERSION_DAYS = 30;

/**
 * The only store of personal data: application forms and operator notes in a table, uploaded
 * documents and generated contracts in a bucket. On an `aws` stage both are created here,
 * encrypted with a key of their own. On an `external` stage they live in an S3- and
 * DynamoDB-compatible service outside AWS, and this construct only passes its endpoints and
 * credentials secret to the functions.
 */
export class PersonalDataStore extends Construct {
  /** Set on an `aws` stage only. */
  readonly table?: Table;
  /** Set on an `aws` stage only. */
  readonly bucket?: Bucket;
  /** Set on an `external` stage only. */
  readonly credentialsSecret?: ISecret;
  readonly tableName: string;
  readonly bucketName: string;
  /** The variables that functions/personal-data/config.ts reads. */
  readonly environment: Record<string, string>;

  constructor(scope: Construct, id: string, props: { stage: StageConfig; uploadsQueue: IQueue }) {
    super(scope, id);
    const { stage } = props;

    if (stage.personalData.location === 'external') {
      const external = stage.personalData;
      // NOTE: an imported secret carries no key, so no kms:Decrypt is granted and the secret must
      // use the AWS-managed key aws/secretsmanager.
      this.credentialsSecret = Secret.fromSecretNameV2(this, 'CredentialsSecret', external.credentialsSecretName);
      this.tableName = external.tableName;
      this.bucketName = external.bucketName;
      this.environment = externalEnvironment(external, this.credentialsSecret);
      return;
    }

    const key = createEncryptionKey(this, 'Key', stage, `Kontrakt ${stage.name}: personal data`);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: PERSONAL_DATA_TABLE_DESIGN.partitionKey, type: AttributeType.STRING },
      sortKey: { name: PERSONAL_DATA_TABLE_DESIGN.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: stage.removalPolicy === 'retain',
      removalPolicy: removalPolicyOf(stage),
    });
    this.bucket = this.createBucket(stage, key, props.uploadsQueue);
    this.tableName = this.table.tableName;
    this.bucketName = this.bucket.bucketName;
    this.environment = { PERSONAL_DATA_TABLE_NAME: this.tableName, PERSONAL_DATA_BUCKET_NAME: this.bucketName };
  }

  /** Lets the grantee read forms, notes and documents, and presign downloads. */
  grantRead(grantee: IGrantable & IConstruct): void {
    this.credentialsSecret?.grantRead(grantee);
    this.table?.grantReadData(grantee);
    this.bucket?.grantRead(grantee);
    this.acknowledgeGrants(grantee, BUCKET_READ_FINDINGS);
  }

  /**
   * Lets the grantee read and write forms, notes and documents, and presign uploads. Writers
   * also read, because an update reads the stored version that it replaces.
   */
  grantWrite(grantee: IGrantable & IConstruct): void {
    this.credentialsSecret?.grantRead(grantee);
    this.table?.grantReadWriteData(grantee);
    this.bucket?.grantRead(grantee);
    this.bucket?.grantPut(grantee);
    this.acknowledgeGrants(grantee, [...BUCKET_READ_FINDINGS, 'IAM5[Action::s3:Abort*]']);
  }

  /**
   * Lets the grantee write objects under accepted/ only, where the upload validator stores the
   * bytes it accepted. It grants no read; combine it with grantRead.
   * NOTE: on an `external` stage the store's own credentials decide what the function may write.
   */
  grantAcceptedDocumentsWrite(grantee: IGrantable & IConstruct): void {
    this.credentialsSecret?.grantRead(grantee);
    this.bucket?.grantPut(grantee, `${ACCEPTED_PREFIX}*`);
    if (this.bucket === undefined) return;
    acknowledgeFindings(
      grantee,
      ['IAM5[Action::s3:Abort*]', `IAM5[Resource::${nagArnOf(this.bucket)}/${ACCEPTED_PREFIX}*]`],
      'CDK grant on the accepted/ prefix of the personal-data bucket only. Object keys are per applicant and application, so no narrower resource is known at deploy time.',
    );
    acknowledgeFindings(grantee, KMS_GRANT_FINDINGS, KMS_GRANT_REASON);
  }

  private acknowledgeGrants(grantee: IConstruct, bucketFindings: string[]): void {
    if (this.bucket === undefined) return;
    acknowledgeFindings(
      grantee,
      [...bucketFindings, `IAM5[Resource::${nagArnOf(this.bucket)}/*]`],
      'CDK grant on the personal-data bucket only. Object keys are per applicant and application, so no narrower resource is known at deploy time.',
    );
    acknowledgeFindings(grantee, KMS_GRANT_FINDINGS, KMS_GRANT_REASON);
  }

  private createBucket(stage: StageConfig, key: Key, uploadsQueue: IQueue): Bucket {
    const removalPolicy = removalPolicyOf(stage);

    // S3 server access logging cannot write to a bucket encrypted with SSE-KMS, so this one uses
    // SSE-S3. Its records contain object keys, which contain ids only.
    const accessLogBucket = new Bucket(this, 'AccessLogBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(stage.logRetentionDays) }],
      removalPolicy,
    });

    const bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      // Browsers upload documents straight to the bucket with the presigned POST form.
      cors: [
        {
          allowedMethods: [HttpMethods.POST],
          allowedOrigins: stage.corsAllowedOrigins,
          allowedHeaders: ['*'],
          maxAge: 3600,
        },
      ],
      lifecycleRules: [
        {
          noncurrentVersionExpiration: Duration.days(NONCURRENT_VERSION_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      serverAccessLogsBucket: accessLogBucket,
      removalPolicy,
    });
    bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(uploadsQueue), { prefix: UPLOADS_PREFIX });
    this.acknowledgeNotificationsHandler();
    return bucket;
  }

  /**
   * CDK configures bucket notifications through a singleton custom-resource function at the
   * stack's root, whose role has the AWS-managed basic execution policy.
   */
  private acknowledgeNotificationsHandler(): void {
    const stack = Stack.of(this);
    const handler = stack.node.children.find((child) => child.node.id.startsWith('BucketNotificationsHandler'));
    if (handler === undefined) {
      throw new Error(
        `No BucketNotificationsHandler found in ${stack.node.path}. CDK has changed how it configures bucket notifications, so update this acknowledgement.`,
      );
    }
    acknowledgeFindings(
      handler,
      ['IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]'],
      'CDK-owned custom resource that configures the bucket notifications. Besides the basic execution policy its role may only call s3:PutBucketNotification on this bucket.',
    );
  }
}

function externalEnvironment(external: ExternalPersonalDataConfig, secret: ISecret): Record<string, string> {
  return {
    PERSONAL_DATA_TABLE_NAME: external.tableName,
    PERSONAL_DATA_BUCKET_NAME: external.bucketName,
    PERSONAL_DATA_REGION: external.region,
    PERSONAL_DATA_DYNAMODB_ENDPOINT: external.dynamodbEndpoint,
    PERSONAL_DATA_S3_ENDPOINT: external.s3Endpoint,
    PERSONAL_DATA_S3_FORCE_PATH_STYLE: String(external.s3ForcePathStyle),
    // A partial ARN without the random suffix, which GetSecretValue accepts.
    PERSONAL_DATA_CREDENTIALS_SECRET_ARN: secret.secretArn,
  };
}
