/** Endpoints and names that the service's Lambda functions read from their environment. */
export interface ServiceEnvironment {
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  dynamoEndpoint: string;
  snsEndpoint: string;
  stateTable: string;
  eventsTopicArn: string;
  personalData: {
    table: string;
    bucket: string;
    /** Path-style S3 endpoint of the personal-data bucket. Without it the S3 variables stay unset. */
    s3Endpoint?: string;
  };
  /** Powertools logger level, for example `WARN`, or `SILENT` for tests that check failures on purpose. */
  logLevel: string;
  /** Further variables, such as `AWS_ENDPOINT_URL_SFN`, set after the ones above. */
  extra?: Record<string, string>;
}

/**
 * Points the service at local endpoints by setting its variables in `process.env`, and turns off
 * the SDK's EC2 instance metadata lookup. Set it before importing service modules, because they
 * build their SDK clients at import time. The caller restores `process.env` afterwards.
 */
export function setServiceEnvironment(environment: ServiceEnvironment): void {
  const { personalData } = environment;
  Object.assign(process.env, {
    AWS_REGION: environment.region,
    AWS_ACCESS_KEY_ID: environment.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: environment.credentials.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_DYNAMODB: environment.dynamoEndpoint,
    AWS_ENDPOINT_URL_SNS: environment.snsEndpoint,
    STATE_TABLE_NAME: environment.stateTable,
    EVENTS_TOPIC_ARN: environment.eventsTopicArn,
    PERSONAL_DATA_TABLE_NAME: personalData.table,
    PERSONAL_DATA_BUCKET_NAME: personalData.bucket,
    PERSONAL_DATA_REGION: environment.region,
    PERSONAL_DATA_DYNAMODB_ENDPOINT: environment.dynamoEndpoint,
    POWERTOOLS_LOG_LEVEL: environment.logLevel,
  });
  if (personalData.s3Endpoint !== undefined) {
    process.env.PERSONAL_DATA_S3_ENDPOINT = personalData.s3Endpoint;
    process.env.PERSONAL_DATA_S3_FORCE_PATH_STYLE = 'true';
  }
  Object.assign(process.env, environment.extra);
}
