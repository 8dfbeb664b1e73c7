import { z } from 'zod';
import { httpHandler } from '../../commons/http.ts';
import { isPushEndpointArn } from '../push-endpoints.ts';
import { registerPushEndpoint } from '../settings-store.ts';
import { settingsResponse } from './settings-view.ts';

const bodySchema = z.strictObject({
  endpointArn: z.string().trim().refine(isPushEndpointArn, {
    message:
      'Укажите ARN конечной точки Amazon SNS вида arn:aws:sns:<регион>:<аккаунт>:endpoint/<платформа>/<приложение>/<идентификатор>',
    params: { code: 'INVALID_PUSH_ENDPOINT_ARN' },
  }),
});

/** PUT /notification-settings/push-endpoint: registers the device that receives push notifications. */
export const handler = httpHandler({ body: bodySchema }, async ({ applicantId, body }) =>
  settingsResponse(await registerPushEndpoint(applicantId, body.endpointArn)),
);
