/**
 * A tree described as data for merge tests: path → what is there. Directories are implied by paths.
 * `content` is text or raw bytes; `executable` sets mode 100755.
 */
export type FileSpec =
  | { kind: 'file'; content: string | Uint8Array; executable?: boolean }
  | { kind: 'symlink'; target: string }
  | { kind: 'submodule'; commit: string };

/** path → entry, e.g. `{ 'src/a.txt': file('x\n') }`. */
export type TreeSpec = Record<string, FileSpec>;

/** A regular file. */
export function file(content: string | Uint8Array, executable = false): FileSpec {
  return { kind: 'file', content, executable };
}

/** A symbolic link. */
export function symlink(target: string): FileSpec {
  return { kind: 'symlink', target };
}

/** A submodule (gitlink) at a commit id. */
export function submodule(commit: string): FileSpec {
  return { kind: 'submodule', commit };
}
