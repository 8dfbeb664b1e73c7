import { randomUUID } from 'node:crypto';
import type { MessageAttributeValue } from './filter-policy.ts';

// The AWS query protocol that @aws-sdk/client-sns 3.1178 uses: form-encoded POST bodies with
// `Action=...`, maps as `X.entry.N.Name/Value`, lists as `X.member.N`, and XML responses.

const SNS_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';

/** An SNS error with the query-protocol code that the SDK maps to its exception class. */
export class SnsError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SnsError';
  }
}

export const topicNotFound = (): SnsError => new SnsError(404, 'NotFound', 'Topic does not exist');
export const invalidParameter = (detail: string): SnsError => new SnsError(400, 'InvalidParameter', `Invalid parameter: ${detail}`);

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Escapes text for an XML element's content. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>]/g, (character) => XML_ESCAPES[character] ?? character);
}

/** Renders `<{Action}Response>` with the result elements and a request id. */
export function renderResult(action: string, resultXml: string): string {
  return (
    `<${action}Response xmlns="${SNS_NAMESPACE}"><${action}Result>${resultXml}</${action}Result>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`
  );
}

export function renderError(error: SnsError): string {
  const type = error.statusCode >= 500 ? 'Receiver' : 'Sender';
  return (
    `<ErrorResponse xmlns="${SNS_NAMESPACE}"><Error><Type>${type}</Type><Code>${error.code}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`
  );
}

/** Reads the `prefix.entry.N.Name` / `prefix.entry.N.Value.*` map of message attributes. */
export function readMessageAttributes(params: URLSearchParams, prefix: string): Record<string, MessageAttributeValue> {
  const attributes: Record<string, MessageAttributeValue> = {};
  for (let index = 1; params.has(`${prefix}.entry.${index}.Name`); index += 1) {
    const entry = `${prefix}.entry.${index}`;
    const name = params.get(`${entry}.Name`) ?? '';
    const value: MessageAttributeValue = { DataType: params.get(`${entry}.Value.DataType`) ?? '' };
    const stringValue = params.get(`${entry}.Value.StringValue`);
    const binaryValue = params.get(`${entry}.Value.BinaryValue`);
    if (stringValue !== null) value.StringValue = stringValue;
    if (binaryValue !== null) value.BinaryValue = binaryValue;
    attributes[name] = value;
  }
  return attributes;
}

export interface PublishInput {
  topicArn?: string;
  message?: string;
  subject?: string;
  messageStructure?: string;
  messageAttributes: Record<string, MessageAttributeValue>;
}

/** Reads the fields of one message, either top-level (Publish) or under a batch entry prefix. */
export function readPublishInput(params: URLSearchParams, prefix = ''): PublishInput {
  return {
    topicArn: params.get('TopicArn') ?? undefined,
    message: params.get(`${prefix}Message`) ?? undefined,
    subject: params.get(`${prefix}Subject`) ?? undefined,
    messageStructure: params.get(`${prefix}MessageStructure`) ?? undefined,
    messageAttributes: readMessageAttributes(params, `${prefix}MessageAttributes`),
  };
}

/** Returns the prefixes (`PublishBatchRequestEntries.member.N.`) and ids of the batch entries. */
export function readBatchEntries(params: URLSearchParams): Array<{ id: string; prefix: string }> {
  const entries: Array<{ id: string; prefix: string }> = [];
  for (let index = 1; params.has(`PublishBatchRequestEntries.member.${index}.Id`); index += 1) {
    const prefix = `PublishBatchRequestEntries.member.${index}.`;
    entries.push({ id: params.get(`${prefix}Id`) ?? '', prefix });
  }
  return entries;
}
