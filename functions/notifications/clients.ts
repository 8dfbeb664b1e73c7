import { SESv2Client } from '@aws-sdk/client-sesv2';

// Built once per Lambda instance; the SNS client is the shared one in commons/clients.ts. The
// local runtime points this one at its SES stand-in through AWS_ENDPOINT_URL_SESV2.
export const sesClient = new SESv2Client({});
