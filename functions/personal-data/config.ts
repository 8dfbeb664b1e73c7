import { optionalEnv, requireEnv } from '../commons/env.ts';

/**
 * Location of the personal-data store. On a stage whose data must stay in Russia, the endpoints,
 * region and credentials point at an S3- and DynamoDB-compatible service hosted there. Without
 * them, the store is the stage's own AWS table and bucket.
 */
export interface PersonalDataConfig {
  tableName: string;
  bucketName: string;
  region?: string;
  dynamodbEndpoint?: string;
  s3Endpoint?: string;
  s3ForcePathStyle: boolean;
  credentialsSecretArn?: string;
}

export function readPersonalDataConfig(): PersonalDataConfig {
  return {
    tableName: requireEnv('PERSONAL_DATA_TABLE_NAME'),
    bucketName: requireEnv('PERSONAL_DATA_BUCKET_NAME'),
    region: optionalEnv('PERSONAL_DATA_REGION'),
    dynamodbEndpoint: optionalEnv('PERSONAL_DATA_DYNAMODB_ENDPOINT'),
    s3Endpoint: optionalEnv('PERSONAL_DATA_S3_ENDPOINT'),
    s3ForcePathStyle: optionalEnv('PERSONAL_DATA_S3_FORCE_PATH_STYLE') === 'true',
    credentialsSecretArn: optionalEnv('PERSONAL_DATA_CREDENTIALS_SECRET_ARN'),
  };
}
