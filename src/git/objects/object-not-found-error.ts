/**
 * The object `oid` is in none of the repository's packs, loose objects or alternates. Its `code` is the
 * one isomorphic-git's NotFoundError has, so callers that test for that keep working with this reader.
 */
export class ObjectNotFoundError extends Error {
  override readonly name = 'ObjectNotFoundError';
  readonly code = 'NotFoundError';
  readonly oid: string;

  constructor(oid: string, objectsDir: string) {
    super(`object ${oid} not found in ${objectsDir} (packs, loose objects or alternates)`);
    this.oid = oid;
  }
}
