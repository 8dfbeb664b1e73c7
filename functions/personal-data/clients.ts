import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { z } from 'zod';
import { readPersonalDataConfig, type PersonalDataConfig } from './config.ts';

export interface PersonalDataClients {
  config: PersonalDataConfig;
  documentClient: DynamoDBDocumentClient;
  s3: S3Client;
}

const externalCredentialsSchema = z.object({ accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1) });

/** Reads the external store's access keys from Secrets Manager; AWS's own store needs none. */
async function readCredentials(config: PersonalDataConfig): Promise<AwsCredentialIdentity | undefined> {
  if (config.credentialsSecretArn === undefined) return undefined;
  const secret = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: config.credentialsSecretArn }));
  return externalCredentialsSchema.parse(JSON.parse(secret.SecretString ?? '{}'));
}

async function buildClients(): Promise<PersonalDataClients> {
  const config = readPersonalDataConfig();
  const credentials = await readCredentials(config);
  const dynamodb = new DynamoDBClient({ region: config.region, endpoint: config.dynamodbEndpoint, credentials });
  const s3 = new S3Client({
    region: config.region,
    endpoint: config.s3Endpoint,
    forcePathStyle: config.s3ForcePathStyle,
    credentials,
  });
  return {
    config,
    documentClient: DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } }),
    s3,
  };
}

let clients: Promise<PersonalDataClients> | undefined;

/** Returns the store's clients, built once per Lambda instance on first use. */
export function personalDataClients(): Promise<PersonalDataClients> {
  clients ??= buildClients().catch((error: unknown) => {
    clients = undefined;
    throw error;
  });
  return clients;
}
