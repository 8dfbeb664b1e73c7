import type { ServerResponse } from 'node:http';

/** Sends the XML body that SNS returns for a successful Publish call (Query protocol, API version 2010-03-31). */
export function sendPublishResponse(response: ServerResponse, messageId = 'message', requestId = 'request'): void {
  response.writeHead(200, { 'content-type': 'text/xml' }).end(
    `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${messageId}</MessageId>` +
      `</PublishResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></PublishResponse>`,
  );
}
