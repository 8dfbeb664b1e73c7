import { describe, expect, it } from 'vitest';
import { isValidPersonalInn } from '../../../functions/api/schemas/inn.ts';
import { isValidSnils, snilsCheckNumber } from '../../../functions/api/schemas/snils.ts';

describe('snilsCheckNumber', () => {
  it.each([
    ['112233445', 95],
    ['100356355', 0],
    ['100079190', 0],
    ['100166299', 1],
    ['100958199', 49],
    ['106897449', 0],
  ])('computes %s as %i', (nineDigits, expected) => {
    expect(snilsCheckNumber(nineDigits)).toBe(expected);
  });
});

describe('isValidSnils', () => {
  it.each([
    ['11223344595', true],
    ['11223344594', false],
    ['10035635500', true],
    ['10035635501', false],
    ['00100199877', true],
    ['00100199900', false],
    ['1122334459', false],
  ])('judges %s as %s', (digits, expected) => {
    expect(isValidSnils(digits)).toBe(expected);
  });
});

describe('isValidPersonalInn', () => {
  it.each([
    ['500100732259', true],
    ['100002999334', true],
    ['500100732269', false],
    ['500100732258', false],
    ['7707083893', false],
    ['50010073225a', false],
  ])('judges %s as %s', (digits, expected) => {
    expect(isValidPersonalInn(digits)).toBe(expected);
  });
});
