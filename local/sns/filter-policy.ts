// SNS subscription filter policies with the MessageAttributes scope: each key names a message
// attribute (or is `$or` with a list of alternative policies), and each value is a list of rules
// of which one has to match. Every key has to match. A missing attribute matches only
// `{ "exists": false }`; Binary attributes count as missing because SNS does not filter on them.

/** A message attribute as the SNS API carries it. */
export interface MessageAttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

export type FilterPolicy = Record<string, unknown>;

type Scalar = string | number | boolean | null;

const NUMERIC_OPERATORS = new Set(['=', '<', '<=', '>', '>=']);
const RULE_OPERATORS = new Set(['prefix', 'suffix', 'equals-ignore-case', 'anything-but', 'numeric', 'exists']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(path: string, reason: string): Error {
  return new Error(`Invalid filter policy at ${path}: ${reason}`);
}

function validateNumeric(conditions: unknown, path: string): void {
  if (!Array.isArray(conditions) || (conditions.length !== 2 && conditions.length !== 4)) {
    throw invalid(path, 'numeric takes [operator, number] or [lower operator, number, upper operator, number]');
  }
  for (let index = 0; index < conditions.length; index += 2) {
    const operator: unknown = conditions[index];
    if (typeof operator !== 'string' || !NUMERIC_OPERATORS.has(operator) || typeof conditions[index + 1] !== 'number') {
      throw invalid(path, `numeric operator ${JSON.stringify(operator)} needs one of = < <= > >= and a number`);
    }
  }
  if (conditions.length === 4 && (!String(conditions[0]).startsWith('>') || !String(conditions[2]).startsWith('<'))) {
    throw invalid(path, 'a numeric range starts with > or >= and ends with < or <=');
  }
}

function validateRule(rule: unknown, path: string): void {
  if (rule === null || ['string', 'number', 'boolean'].includes(typeof rule)) return;
  if (!isPlainObject(rule)) throw invalid(path, 'a rule is a string, a number or an object with one operator');
  const entries = Object.entries(rule);
  const [entry] = entries;
  if (entries.length !== 1 || entry === undefined || !RULE_OPERATORS.has(entry[0])) {
    throw invalid(path, `unknown operator in ${JSON.stringify(rule)}`);
  }
  const [operator, operand] = entry;
  if (operator === 'numeric') validateNumeric(operand, path);
  else if (operator === 'exists' && typeof operand !== 'boolean') throw invalid(path, 'exists takes true or false');
  else if ((operator === 'prefix' || operator === 'suffix' || operator === 'equals-ignore-case') && typeof operand !== 'string') {
    throw invalid(path, `${operator} takes a string`);
  } else if (operator === 'anything-but') {
    const values = Array.isArray(operand) ? operand : [operand];
    const valid =
      (isPlainObject(operand) && typeof (operand.prefix ?? operand.suffix) === 'string' && Object.keys(operand).length === 1) ||
      values.every((value) => typeof value === 'string' || typeof value === 'number');
    if (!valid) throw invalid(path, 'anything-but takes a string, a number, a list of them, or { prefix } or { suffix }');
  }
}

/** Throws when the policy is not one that SNS would accept for the MessageAttributes scope. */
export function validateFilterPolicy(policy: FilterPolicy, path = '$'): void {
  for (const [key, rules] of Object.entries(policy)) {
    if (key === '$or') {
      if (!Array.isArray(rules) || rules.length < 2 || !rules.every(isPlainObject)) {
        throw invalid(`${path}.$or`, '$or takes a list of at least two policies');
      }
      rules.forEach((alternative, index) => validateFilterPolicy(alternative, `${path}.$or[${index}]`));
      continue;
    }
    if (!Array.isArray(rules) || rules.length === 0) {
      throw invalid(`${path}.${key}`, 'each attribute maps to a non-empty list of rules');
    }
    rules.forEach((rule, index) => validateRule(rule, `${path}.${key}[${index}]`));
  }
}

/** Returns the values that filter rules compare with, or undefined for an attribute SNS ignores. */
function attributeValues(attribute: MessageAttributeValue | undefined): Scalar[] | undefined {
  if (attribute === undefined || attribute.StringValue === undefined) return undefined;
  const type = attribute.DataType.split('.')[0];
  if (attribute.DataType.startsWith('String.Array')) {
    const parsed: unknown = JSON.parse(attribute.StringValue);
    return Array.isArray(parsed) ? (parsed as Scalar[]) : undefined;
  }
  if (type === 'Number') return [Number(attribute.StringValue)];
  if (type === 'String') return [attribute.StringValue];
  return undefined;
}

function compareNumeric(value: number, operator: string, operand: number): boolean {
  switch (operator) {
    case '=':
      return value === operand;
    case '<':
      return value < operand;
    case '<=':
      return value <= operand;
    case '>':
      return value > operand;
    default:
      return value >= operand;
  }
}

function matchesAnythingBut(value: Scalar, operand: unknown): boolean {
  if (isPlainObject(operand)) {
    if (typeof value !== 'string') return true;
    if (typeof operand.prefix === 'string') return !value.startsWith(operand.prefix);
    return !value.endsWith(String(operand.suffix));
  }
  const excluded = Array.isArray(operand) ? operand : [operand];
  return !excluded.includes(value);
}

function matchesValue(rule: unknown, value: Scalar): boolean {
  if (!isPlainObject(rule)) return rule === value;
  const [operator, operand] = Object.entries(rule)[0] ?? [];
  switch (operator) {
    case 'prefix':
      return typeof value === 'string' && value.startsWith(String(operand));
    case 'suffix':
      return typeof value === 'string' && value.endsWith(String(operand));
    case 'equals-ignore-case':
      return typeof value === 'string' && value.toLowerCase() === String(operand).toLowerCase();
    case 'anything-but':
      return matchesAnythingBut(value, operand);
    case 'numeric': {
      if (typeof value !== 'number') return false;
      const conditions = operand as Array<string | number>;
      for (let index = 0; index < conditions.length; index += 2) {
        if (!compareNumeric(value, String(conditions[index]), Number(conditions[index + 1]))) return false;
      }
      return true;
    }
    case 'exists':
      return operand === true;
    default:
      return false;
  }
}

function matchesAttribute(rules: unknown[], attribute: MessageAttributeValue | undefined): boolean {
  const values = attributeValues(attribute);
  if (values === undefined) return rules.some((rule) => isPlainObject(rule) && rule.exists === false);
  return rules.some((rule) => values.some((value) => matchesValue(rule, value)));
}

/** Returns whether a message with these attributes passes the policy; validate the policy first. */
export function matchesFilterPolicy(policy: FilterPolicy, attributes: Record<string, MessageAttributeValue>): boolean {
  return Object.entries(policy).every(([key, rules]) => {
    if (key === '$or') return (rules as FilterPolicy[]).some((alternative) => matchesFilterPolicy(alternative, attributes));
    return matchesAttribute(rules as unknown[], attributes[key]);
  });
}
