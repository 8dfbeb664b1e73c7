import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../functions/catalog.ts';
import { UPLOADS_PREFIX } from '../../functions/personal-data/table-design.ts';
import { synthesizeStage, type SynthesizedStage } from './synthesize.ts';
import { environmentOf, functionOf, logicalIdOf, roleStatementsOf } from './template-queries.ts';

const EXTERNAL_PERSONAL_DATA = {
  location: 'external',
  region: 'ru-central1',
  dynamodbEndpoint: 'https://docapi.serverless.yandexcloud.net/ru-central1/b1g0000000/etn0000000',
  s3Endpoint: 'https://storage.yandexcloud.net',
  tableName: 'kontrakt-personal-data',
  bucketName: 'kontrakt-personal-data',
  credentialsSecretName: 'kontrakt/personal-data-store',
};

const routeNamed = (id: string) => API_ROUTES.find((route) => route.id === id)!;

let dev: SynthesizedStage;
let external: SynthesizedStage;

beforeAll(() => {
  dev = synthesizeStage('dev');
  external = synthesizeStage('staging', {
    editContext: (context) => {
      context.stages.staging!.personalData = EXTERNAL_PERSONAL_DATA;
    },
  });
});

describe('personal-data store on AWS', () => {
  it('encrypts the bucket with its key', () => {
    const keyId = logicalIdOf(dev.stack.personalData.node.findChild('Key'));

    dev.template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } },
          },
        ],
      },
    });
  });

  it('blocks public access and keeps versions', () => {
    dev.template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: Match.objectLike({
        ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })],
      }),
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } })]),
      },
    });
  });

  it('denies requests without TLS', () => {
    const bucketId = logicalIdOf(dev.stack.personalData.bucket!);

    dev.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('accepts browser POST uploads from stage origins', () => {
    dev.template.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [
          Match.objectLike({
            AllowedMethods: ['POST'],
            AllowedOrigins: ['https://kontrakt-dev.example.gov.ru', 'http://localhost:5173'],
          }),
        ],
      },
    });
  });

  it('logs bucket access to a log bucket', () => {
    const logBucketId = logicalIdOf(dev.stack.personalData.node.findChild('AccessLogBucket'));

    dev.template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: { Ref: logBucketId } },
    });
  });

  it('notifies the uploads queue of new uploads', () => {
    const queueId = logicalIdOf(dev.stack.uploads.queue);

    dev.template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: logicalIdOf(dev.stack.personalData.bucket!) },
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: UPLOADS_PREFIX }] } },
            QueueArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
          },
        ],
      },
    });
  });

  it('encrypts the table with its key, with PITR', () => {
    const keyId = logicalIdOf(dev.stack.personalData.node.findChild('Key'));

    dev.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });
});

describe('personal-data store outside AWS', () => {
  it('creates no table or bucket', () => {
    expect(external.stack.personalData.table).toBeUndefined();
    expect(external.stack.personalData.bucket).toBeUndefined();
    expect(external.template.findResources('AWS::S3::Bucket')).toEqual({});
    expect(external.template.findResources('AWS::DynamoDB::Table', { Properties: { GlobalSecondaryIndexes: Match.absent() } })).toEqual({});
  });

  it('passes the endpoints to the functions', () => {
    const environment = environmentOf(external.template, functionOf(external.stack, routeNamed('GetApplication')));

    expect(environment).toMatchObject({
      PERSONAL_DATA_TABLE_NAME: EXTERNAL_PERSONAL_DATA.tableName,
      PERSONAL_DATA_BUCKET_NAME: EXTERNAL_PERSONAL_DATA.bucketName,
      PERSONAL_DATA_REGION: 'ru-central1',
      PERSONAL_DATA_DYNAMODB_ENDPOINT: EXTERNAL_PERSONAL_DATA.dynamodbEndpoint,
      PERSONAL_DATA_S3_ENDPOINT: EXTERNAL_PERSONAL_DATA.s3Endpoint,
      PERSONAL_DATA_S3_FORCE_PATH_STYLE: 'true',
    });
    expect(JSON.stringify(environment.PERSONAL_DATA_CREDENTIALS_SECRET_ARN)).toContain(
      `:secret:${EXTERNAL_PERSONAL_DATA.credentialsSecretName}`,
    );
  });

  it('lets store users read the secret', () => {
    const readers = routeNamed('GetApplication');
    const nonReader = routeNamed('ListApplications');
    const readsSecret = (id: string) =>
      roleStatementsOf(external.template, functionOf(external.stack, routeNamed(id))).some(
        (statement) =>
          [statement.Action].flat().includes('secretsmanager:GetSecretValue') &&
          JSON.stringify(statement.Resource).includes(`:secret:${EXTERNAL_PERSONAL_DATA.credentialsSecretName}-??????`),
      );

    expect(readsSecret(readers.id)).toBe(true);
    expect(readsSecret(nonReader.id)).toBe(false);
  });

  it('outputs the store settings', () => {
    external.template.hasOutput('PersonalDataTableName', { Value: EXTERNAL_PERSONAL_DATA.tableName });
    external.template.hasOutput('PersonalDataS3Endpoint', { Value: EXTERNAL_PERSONAL_DATA.s3Endpoint });
    external.template.hasOutput('PersonalDataDynamodbEndpoint', { Value: EXTERNAL_PERSONAL_DATA.dynamodbEndpoint });
  });

  it('still outputs the uploads queue', () => {
    const queueId = logicalIdOf(external.stack.uploads.queue);

    external.template.hasOutput('UploadsQueueUrl', { Value: { Ref: queueId } });
    external.template.hasOutput('UploadsQueueArn', { Value: { 'Fn::GetAtt': [queueId, 'Arn'] } });
  });
});
