import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESv2Client, SendEmailCommand, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSes, type LocalSes } from '../../local/notifications/start-local-ses.ts';

let directory: string;
let ses: LocalSes;
let client: SESv2Client;

const email: SendEmailCommandInput = {
  FromEmailAddress: 'noreply@kontrakt.local',
  Destination: { ToAddresses: ['ivanov@example.ru'] },
  Content: {
    Simple: {
      Subject: { Data: 'Заявление одобрено — служба по контракту', Charset: 'UTF-8' },
      Body: { Text: { Data: 'Ваше заявление одобрено.', Charset: 'UTF-8' }, Html: { Data: '<p>Ваше заявление одобрено.</p>', Charset: 'UTF-8' } },
    },
  },
};

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kontrakt-local-ses-'));
  ses = await startLocalSes({ port: 0, outboxPath: join(directory, 'outbox.jsonl') });
  client = new SESv2Client({
    endpoint: ses.endpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'kontrakt-local', secretAccessKey: 'kontrakt-local-secret' },
  });
});

afterAll(async () => {
  client?.destroy();
  await ses?.stop();
  await rm(directory, { recursive: true, force: true });
});

describe('local SES endpoint', () => {
  it('writes a sent e-mail to the outbox with channel email', async () => {
    const result = await client.send(new SendEmailCommand(email));

    const lines = (await readFile(join(directory, 'outbox.jsonl'), 'utf8')).trim().split('\n');
    const last = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    expect(last).toMatchObject({
      channel: 'email',
      messageId: result.MessageId,
      from: 'noreply@kontrakt.local',
      to: ['ivanov@example.ru'],
      subject: 'Заявление одобрено — служба по контракту',
      text: 'Ваше заявление одобрено.',
      html: '<p>Ваше заявление одобрено.</p>',
    });
  });

  it('rejects an e-mail without recipients as SES does', async () => {
    const sending = client.send(new SendEmailCommand({ ...email, Destination: { ToAddresses: [] } }));

    await expect(sending).rejects.toMatchObject({ name: 'BadRequestException', $metadata: { httpStatusCode: 400 } });
  });

  it('rejects an e-mail without a body part', async () => {
    const sending = client.send(
      new SendEmailCommand({ ...email, Content: { Simple: { Subject: { Data: 'Тема' }, Body: {} } } }),
    );

    await expect(sending).rejects.toMatchObject({ name: 'BadRequestException' });
  });
});
