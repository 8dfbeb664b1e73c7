import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';

// Clients of the AWS-hosted services, built once per Lambda instance. Local endpoints come from
// the SDK's AWS_ENDPOINT_URL_<SERVICE> variables. The personal-data store has its own clients in
// functions/personal-data/clients.ts because its endpoints are stage settings.

export const stateDocumentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

export const snsClient = new SNSClient({});

export const sfnClient = new SFNClient({});
