import { UserError } from '../../errors/specgate-error.js';

/**
 * The object `oid` is in none of the repository's packs, loose objects or alternates, and no promisor
 * remote supplies it: the repository is incomplete or corrupt. A user error (`MISSING_OBJECT`, exit 2),
 * whose one line names the object and where it was looked for, with `git fsck` as what to do and both in
 * `data` for `--json`.
 */
export class ObjectNotFoundError extends UserError {
  override readonly name = 'ObjectNotFoundError';
  readonly oid: string;

  constructor(oid: string, objectsDir: string) {
    super(
      'MISSING_OBJECT',
      `object ${oid} is missing from ${objectsDir} (its packs, loose objects and alternates): ` +
        'the repository is incomplete or corrupt',
      { suggestion: '`git fsck` tells what is damaged', data: { oid, objectsDir } },
    );
    this.oid = oid;
  }
}
