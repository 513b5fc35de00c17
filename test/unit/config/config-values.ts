import fc from 'fast-check';

/**
 * Values to put under a configuration key in property tests: the strings, numbers (NaN and infinities
 * among them), booleans and null that a schema tells apart, and short lists and mappings of them.
 */
export function configValues(): fc.Arbitrary<unknown> {
  const scalar = fc.oneof(
    fc.constantFrom('', ' ', 'x', 'merge', 'rebase', 'src/**'),
    fc.integer({ min: -1, max: 3 }),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
  );
  return fc.oneof(
    scalar,
    fc.array(scalar, { maxLength: 2 }),
    fc.dictionary(fc.constantFrom('A', 'name', 'soft'), scalar, { maxKeys: 2 }),
  );
}
