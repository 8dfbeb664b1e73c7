import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import { z } from 'zod';
import { logger as serviceLogger } from '../../functions/commons/logger.ts';
import { BodyTooLargeError, listen, readBody } from '../http-server.ts';

export interface LocalSesOptions {
  /** Port of the SES endpoint; 0 picks any free port. */
  port: number;
  host?: string;
  /** File that receives one JSON line per sent e-mail, with `channel: 'email'`. */
  outboxPath: string;
}

export interface LocalSes {
  /** Set as AWS_ENDPOINT_URL_SESV2 so @aws-sdk/client-sesv2 sends here. */
  endpoint: string;
  stop(): Promise<void>;
}

/** SES's limit on one SendEmail request (40 MB), including attachments. */
const MAX_REQUEST_BYTES = 40 * 1024 * 1024;
const SEND_EMAIL_PATH = '/v2/email/outbound-emails';

const logger = serviceLogger.createChild({ serviceName: 'kontrakt-local-ses' });

const contentSchema = z.object({ Data: z.string(), Charset: z.string().optional() });

// The part of the SESv2 SendEmail request that the senders use: simple content only.
const sendEmailSchema = z.object({
  FromEmailAddress: z.string().min(1),
  Destination: z.object({
    ToAddresses: z.array(z.string().min(1)).optional(),
    CcAddresses: z.array(z.string().min(1)).optional(),
    BccAddresses: z.array(z.string().min(1)).optional(),
  }),
  ConfigurationSetName: z.string().optional(),
  Content: z.object({
    Simple: z.object({
      Subject: contentSchema,
      Body: z.object({ Text: contentSchema.optional(), Html: contentSchema.optional() }),
    }),
  }),
});

class SesError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function readRequestText(request: IncomingMessage): Promise<string> {
  try {
    return (await readBody(request, MAX_REQUEST_BYTES)).toString('utf8');
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new SesError(400, 'BadRequestException', 'Request exceeds 40 MB');
    throw error;
  }
}

function parseSendEmail(body: string): z.infer<typeof sendEmailSchema> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new SesError(400, 'BadRequestException', 'Request body is not valid JSON');
  }
  const parsed = sendEmailSchema.safeParse(json);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new SesError(400, 'BadRequestException', `Invalid or unsupported SendEmail request: ${fields}`);
  }
  const { Destination, Content } = parsed.data;
  const recipients = [...(Destination.ToAddresses ?? []), ...(Destination.CcAddresses ?? []), ...(Destination.BccAddresses ?? [])];
  if (recipients.length === 0) throw new SesError(400, 'BadRequestException', 'Missing destination: no recipient address');
  if (recipients.length > 50) throw new SesError(400, 'BadRequestException', 'More than 50 recipients');
  if (Content.Simple.Body.Text === undefined && Content.Simple.Body.Html === undefined) {
    throw new SesError(400, 'BadRequestException', 'The message body has neither a text nor an HTML part');
  }
  return parsed.data;
}


/**
 * Starts an endpoint for @aws-sdk/client-sesv2 that accepts SendEmail with simple content and
 * appends each e-mail to the outbox instead of sending it. It checks what the senders could get
 * wrong (sender, recipients, subject, body parts) and returns 404 for other operations.
 *
 * NOTE: it does not check that the sender is a verified identity or that the request is signed;
 * SES does both.
 */
export async function startLocalSes(options: LocalSesOptions): Promise<LocalSes> {
  const host = options.host ?? '127.0.0.1';
  mkdirSync(dirname(options.outboxPath), { recursive: true });

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let statusCode = 200;
    let payload: Record<string, string>;
    try {
      const path = new URL(request.url ?? '/', 'http://local').pathname;
      if (request.method !== 'POST' || path !== SEND_EMAIL_PATH) {
        throw new SesError(404, 'NotFoundException', `The local SES implements only POST ${SEND_EMAIL_PATH} (SendEmail)`);
      }
      const email = parseSendEmail(await readRequestText(request));
      const messageId = randomUUID();
      const line = {
        channel: 'email',
        deliveredAt: new Date().toISOString(),
        messageId,
        from: email.FromEmailAddress,
        to: email.Destination.ToAddresses ?? [],
        ...(email.Destination.CcAddresses ? { cc: email.Destination.CcAddresses } : {}),
        ...(email.Destination.BccAddresses ? { bcc: email.Destination.BccAddresses } : {}),
        ...(email.ConfigurationSetName ? { configurationSet: email.ConfigurationSetName } : {}),
        subject: email.Content.Simple.Subject.Data,
        text: email.Content.Simple.Body.Text?.Data,
        html: email.Content.Simple.Body.Html?.Data,
      };
      appendFileSync(options.outboxPath, `${JSON.stringify(line)}\n`);
      logger.info('E-mail written to the outbox', { messageId });
      payload = { MessageId: messageId };
    } catch (error) {
      const sesError = error instanceof SesError ? error : new SesError(500, 'InternalFailure', 'The local SES failed to process the request');
      if (!(error instanceof SesError)) logger.error('SES request failed', { error: error as Error });
      statusCode = sesError.statusCode;
      payload = { message: sesError.message };
      response.setHeader('x-amzn-errortype', sesError.code);
    }
    const body = JSON.stringify(payload);
    response.writeHead(statusCode, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  }

  const server = createServer((request, response) => void handleRequest(request, response));
  const port = await listen(server, options.port, host);
  logger.info('Local SES started', { port });

  return {
    endpoint: `http://${host}:${port}`,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      logger.info('Local SES stopped', { port });
    },
  };
}
