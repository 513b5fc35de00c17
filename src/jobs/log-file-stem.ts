/**
 * A file name stem for a job's or a state's logs: `name` with every character outside `[A-Za-z0-9._-]`
 * turned into `_` (`_` alone for an empty name), then, if `used` already holds that, `-2`, `-3`… appended
 * until it does not. The stem returned is added to `used`, so that one set keeps one directory's names
 * apart (`a/b` and `a:b` both give `a_b`: the second gets `a_b-2`).
 */
export function logFileStem(name: string, used: Set<string>): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_') || '_';
  let stem = safe;
  for (let n = 2; used.has(stem); n += 1) stem = `${safe}-${n}`;
  used.add(stem);
  return stem;
}
