import type { TreeEntry } from './merge-types.js';

/** A file one side deleted, as a possible rename source. */
export interface RenameSource {
  entry: TreeEntry;
  /** The other side changed this path, so a rename would change the merge (git's "relevant" sources). */
  relevant: boolean;
  /**
   * Lies in a directory this side removed in which (or above which) the other side added a file: git
   * then looks for renames from there, to detect directory renames.
   */
  underRemovedDir: boolean;
}

/** All rename sources (deleted paths) and targets (added paths) of one side. */
export interface RenameCandidates {
  sources: Map<string, RenameSource>;
  targets: Map<string, TreeEntry>;
  /** Every path the side added, empty files included (directory renames move those too). */
  added: Set<string>;
}
