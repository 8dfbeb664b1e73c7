import { describe, expect, it } from 'vitest';
import { matchesFilterPolicy, validateFilterPolicy, type FilterPolicy, type MessageAttributeValue } from '../../../local/sns/filter-policy.ts';

const text = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });
const number = (value: number): MessageAttributeValue => ({ DataType: 'Number', StringValue: String(value) });
const list = (values: unknown[]): MessageAttributeValue => ({ DataType: 'String.Array', StringValue: JSON.stringify(values) });

const cases: Array<{ name: string; policy: FilterPolicy; attributes: Record<string, MessageAttributeValue>; expected: boolean }> = [
  { name: 'exact string', policy: { type: ['A'] }, attributes: { type: text('A') }, expected: true },
  { name: 'other string', policy: { type: ['A'] }, attributes: { type: text('B') }, expected: false },
  { name: 'list of strings is OR', policy: { type: ['A', 'B'] }, attributes: { type: text('B') }, expected: true },
  { name: 'every key must match', policy: { type: ['A'], status: ['X'] }, attributes: { type: text('A'), status: text('Y') }, expected: false },
  { name: 'missing attribute', policy: { type: ['A'] }, attributes: {}, expected: false },
  { name: 'string does not match a number', policy: { size: ['5'] }, attributes: { size: number(5) }, expected: false },
  { name: 'exact number', policy: { size: [5] }, attributes: { size: number(5.0) }, expected: true },
  { name: 'prefix', policy: { type: [{ prefix: 'DOC_' }] }, attributes: { type: text('DOC_ACCEPTED') }, expected: true },
  { name: 'prefix mismatch', policy: { type: [{ prefix: 'DOC_' }] }, attributes: { type: text('STATUS') }, expected: false },
  { name: 'suffix', policy: { file: [{ suffix: '.pdf' }] }, attributes: { file: text('scan.pdf') }, expected: true },
  { name: 'equals-ignore-case', policy: { type: [{ 'equals-ignore-case': 'doc' }] }, attributes: { type: text('DoC') }, expected: true },
  { name: 'anything-but a value', policy: { type: [{ 'anything-but': 'A' }] }, attributes: { type: text('B') }, expected: true },
  { name: 'anything-but the same value', policy: { type: [{ 'anything-but': 'A' }] }, attributes: { type: text('A') }, expected: false },
  { name: 'anything-but a list', policy: { type: [{ 'anything-but': ['A', 'B'] }] }, attributes: { type: text('B') }, expected: false },
  { name: 'anything-but a prefix', policy: { type: [{ 'anything-but': { prefix: 'DOC_' } }] }, attributes: { type: text('DOC_X') }, expected: false },
  { name: 'anything-but on a missing attribute', policy: { type: [{ 'anything-but': 'A' }] }, attributes: {}, expected: false },
  { name: 'exists true with the attribute', policy: { type: [{ exists: true }] }, attributes: { type: text('A') }, expected: true },
  { name: 'exists true without it', policy: { type: [{ exists: true }] }, attributes: {}, expected: false },
  { name: 'exists false without it', policy: { type: [{ exists: false }] }, attributes: {}, expected: true },
  { name: 'exists false with it', policy: { type: [{ exists: false }] }, attributes: { type: text('A') }, expected: false },
  { name: 'numeric greater than', policy: { size: [{ numeric: ['>', 10] }] }, attributes: { size: number(11) }, expected: true },
  { name: 'numeric boundary excluded', policy: { size: [{ numeric: ['>', 10] }] }, attributes: { size: number(10) }, expected: false },
  { name: 'numeric range inside', policy: { size: [{ numeric: ['>=', 0, '<', 5] }] }, attributes: { size: number(4.5) }, expected: true },
  { name: 'numeric range outside', policy: { size: [{ numeric: ['>=', 0, '<', 5] }] }, attributes: { size: number(5) }, expected: false },
  { name: 'numeric on a string attribute', policy: { size: [{ numeric: ['=', 5] }] }, attributes: { size: text('5') }, expected: false },
  { name: 'array element matches', policy: { tags: ['urgent'] }, attributes: { tags: list(['routine', 'urgent']) }, expected: true },
  { name: 'no array element matches', policy: { tags: ['urgent'] }, attributes: { tags: list(['routine']) }, expected: false },
  { name: 'numeric array element', policy: { codes: [{ numeric: ['>', 100] }] }, attributes: { codes: list([5, 200]) }, expected: true },
  { name: 'binary counts as missing', policy: { blob: [{ exists: true }] }, attributes: { blob: { DataType: 'Binary', BinaryValue: 'AQI=' } }, expected: false },
  { name: '$or with one match', policy: { $or: [{ type: ['A'] }, { status: ['X'] }] }, attributes: { status: text('X') }, expected: true },
  { name: '$or with no match', policy: { $or: [{ type: ['A'] }, { status: ['X'] }] }, attributes: { status: text('Y') }, expected: false },
  { name: 'empty policy', policy: {}, attributes: {}, expected: true },
];

describe('matchesFilterPolicy', () => {
  it.each(cases)('returns $expected for $name', ({ policy, attributes, expected }) => {
    validateFilterPolicy(policy);

    const matches = matchesFilterPolicy(policy, attributes);

    expect(matches).toBe(expected);
  });
});

describe('validateFilterPolicy', () => {
  it.each([
    { name: 'a bare string value', policy: { type: 'A' } },
    { name: 'an empty rule list', policy: { type: [] } },
    { name: 'an unknown operator', policy: { type: [{ contains: 'A' }] } },
    { name: 'two operators in one rule', policy: { type: [{ prefix: 'A', suffix: 'B' }] } },
    { name: 'an unknown numeric operator', policy: { size: [{ numeric: ['!=', 5] }] } },
    { name: 'a reversed numeric range', policy: { size: [{ numeric: ['<', 5, '>', 1] }] } },
    { name: 'a non-boolean exists', policy: { type: [{ exists: 'yes' }] } },
    { name: 'an $or with one policy', policy: { $or: [{ type: ['A'] }] } },
  ])('rejects $name', ({ policy }) => {
    const validate = () => validateFilterPolicy(policy as FilterPolicy);

    expect(validate).toThrow(/Invalid filter policy/);
  });
});
