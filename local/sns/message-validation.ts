import type { MessageAttributeValue } from './filter-policy.ts';
import { invalidParameter, SnsError, type PublishInput } from './query-protocol.ts';

// The checks SNS applies to one published message, with its limits: 256 KiB for the message and
// its attributes together, at most 10 attributes, a subject of at most 100 characters.

const MAX_MESSAGE_BYTES = 256 * 1024;
const MAX_ATTRIBUTES = 10;
const MAX_SUBJECT_LENGTH = 100;
const ATTRIBUTE_NAME = /^[A-Za-z0-9_\-.]{1,256}$/;
const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

export interface ValidMessage {
  message: string;
  subject?: string;
  messageAttributes: Record<string, MessageAttributeValue>;
}

const invalidValue = (message: string): SnsError => new SnsError(400, 'ParameterValueInvalid', message);

function checkAttributeName(name: string): void {
  const reserved = /^(aws|amazon)\./i.test(name);
  if (!ATTRIBUTE_NAME.test(name) || reserved || name.startsWith('.') || name.endsWith('.') || name.includes('..')) {
    throw invalidValue(`The message attribute name '${name}' is invalid.`);
  }
}

function checkStringArray(name: string, text: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const scalar = (value: unknown): boolean => value === null || ['string', 'number', 'boolean'].includes(typeof value);
  if (!Array.isArray(parsed) || !parsed.every(scalar)) {
    throw invalidValue(`The message attribute '${name}' with type 'String.Array' must contain a JSON array of strings, numbers, booleans or nulls.`);
  }
}

function checkAttribute(name: string, attribute: MessageAttributeValue): void {
  checkAttributeName(name);
  const baseType = attribute.DataType.split('.')[0];
  if (baseType !== 'String' && baseType !== 'Number' && baseType !== 'Binary') {
    throw invalidValue(
      `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
    );
  }
  const value = baseType === 'Binary' ? attribute.BinaryValue : attribute.StringValue;
  if (value === undefined || value === '') {
    throw invalidValue(`The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${baseType}'.`);
  }
  if (baseType === 'Number' && (!NUMBER.test(value) || !Number.isFinite(Number(value)))) {
    throw invalidValue(`Could not cast message attribute '${name}' value to number.`);
  }
  if (attribute.DataType.startsWith('String.Array')) checkStringArray(name, value);
}

/** Returns the text that subscribers receive: the `default` entry when MessageStructure is json. */
function messageText(input: PublishInput): string {
  if (input.message === undefined || input.message === '') throw invalidParameter('Empty message');
  if (input.messageStructure === undefined) return input.message;
  if (input.messageStructure !== 'json') throw invalidParameter('MessageStructure');
  let structure: unknown;
  try {
    structure = JSON.parse(input.message);
  } catch {
    throw invalidParameter('Message Structure - JSON message body failed to parse');
  }
  const defaultMessage = (structure as { default?: unknown } | null)?.default;
  if (typeof defaultMessage !== 'string') throw invalidParameter('Message Structure - No default entry in JSON message body');
  return defaultMessage;
}

/** Checks one message as SNS does and returns what subscribers receive; throws SnsError. */
export function validateMessage(input: PublishInput): ValidMessage {
  const message = messageText(input);
  if (input.subject !== undefined && (input.subject === '' || input.subject.length > MAX_SUBJECT_LENGTH)) {
    throw invalidParameter('Subject');
  }

  const entries = Object.entries(input.messageAttributes);
  if (entries.length > MAX_ATTRIBUTES) {
    throw invalidValue(`Number of message attributes [${entries.length}] exceeds the allowed maximum [${MAX_ATTRIBUTES}].`);
  }
  let sizeBytes = Buffer.byteLength(input.message ?? '');
  for (const [name, attribute] of entries) {
    checkAttribute(name, attribute);
    sizeBytes += Buffer.byteLength(name) + Buffer.byteLength(attribute.DataType);
    sizeBytes += Buffer.byteLength(attribute.StringValue ?? attribute.BinaryValue ?? '');
  }
  if (sizeBytes > MAX_MESSAGE_BYTES) throw invalidParameter('Message too long');

  return { message, subject: input.subject, messageAttributes: input.messageAttributes };
}
