/**
 * A small evaluator of SNS subscription filter policies on message attributes, for tests. It
 * supports exact string values only, the one operator the notification policies use. It throws
 * on anything else, so a new operator cannot pass unchecked.
 */

/** Message attributes as SNS puts them in the notification envelope. */
export type EnvelopeAttributes = Record<string, { Type: string; Value: string }>;

function attributeValues(attribute: { Type: string; Value: string }): string[] {
  if (attribute.Type === 'String.Array') {
    const parsed = JSON.parse(attribute.Value) as unknown;
    if (!Array.isArray(parsed)) throw new Error(`String.Array attribute is not a JSON array: ${attribute.Value}`);
    return parsed.map(String);
  }
  return [attribute.Value];
}

/** Returns whether SNS would deliver a message with these attributes to a subscription with this policy. */
export function matchesFilterPolicy(policy: Record<string, unknown>, attributes: EnvelopeAttributes): boolean {
  return Object.entries(policy).every(([name, allowed]) => {
    if (!Array.isArray(allowed) || !allowed.every((value) => typeof value === 'string')) {
      throw new Error(`The test matcher supports exact string values only; got ${JSON.stringify(allowed)} for ${name}`);
    }
    const attribute = attributes[name];
    if (attribute === undefined) return false;
    return attributeValues(attribute).some((value) => allowed.includes(value));
  });
}

/** Converts Publish MessageAttributes (DataType/StringValue) to the envelope's Type/Value form. */
export function toEnvelopeAttributes(
  attributes: Record<string, { DataType: string; StringValue: string }>,
): EnvelopeAttributes {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, attribute]) => [name, { Type: attribute.DataType, Value: attribute.StringValue }]),
  );
}
