import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { exactSum } from '../../src/panel/internal/combine.js';

describe('exactSum (the summation behind every panel sum)', () => {
  it('is correctly rounded where naive summation loses digits', () => {
    expect(exactSum([1e16, 1, -1e16])).toBe(1);
    // Reference values from Python's math.fsum.
    expect(exactSum([0.1, 0.2, 0.3, -0.6])).toBe(2.7755575615628914e-17);
    expect(exactSum(Array.from({ length: 10 }, () => 0.1))).toBe(1);
    expect(exactSum([1e100, 1, -1e100, 1e-100])).toBe(1);
    expect(exactSum([])).toBe(0);
    expect([1e16, 1, -1e16].reduce((a, b) => a + b, 0)).toBe(0); // the naive sum, for contrast
  });

  test.prop([
    fc.array(fc.double({ min: -1e12, max: 1e12, noNaN: true }), { maxLength: 50 }),
    fc.func(fc.integer()),
  ])('does not depend on the order of the terms', (xs, f) => {
    const shuffled = [...xs].sort((a, b) => f(a) - f(b));
    expect(exactSum(shuffled) === exactSum(xs)).toBe(true);
  });
});
