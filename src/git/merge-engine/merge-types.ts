import type { GitContext } from '../git-context.js';

/**
 * Shared vocabulary of the tree merge. Paths and names are "binary strings" (one char per byte, latin1)
 * so that file names that are not UTF-8 survive, and so that `<` compares them bytewise as git does.
 */

/** One tree entry: canonical mode (see `MODE`) and object id. */
export interface TreeEntry {
  mode: number;
  oid: string;
}

/** A parsed tree: name → entry. */
export type Tree = Map<string, TreeEntry>;

/** The canonical modes git knows, after `canon_mode`. */
export const MODE = {
  tree: 0o040000,
  file: 0o100644,
  executable: 0o100755,
  symlink: 0o120000,
  gitlink: 0o160000,
} as const;

/** Base, ours and theirs at one path; undefined means "nothing here". */
export type EntryTriple = [TreeEntry | undefined, TreeEntry | undefined, TreeEntry | undefined];

/** A conflicting path (display form, UTF-8) and why it conflicts. */
export interface MergeConflict {
  path: string;
  reason: string;
}

/** A subtree the walk resolved without reading it: `base` and the tree taken (either may be absent). */
export interface Subtree {
  path: string;
  base?: string;
  tree?: string;
  /**
   * A directory new on one side where a file of that name exists (git's filemask is not 0): merge-ort
   * walks it in path order with the rest rather than deferring it as a possible trivial merge.
   */
  inPlace?: boolean;
}

/** What the walk saw one side do, relative to the base, at the paths it visited (for rename analysis). */
export interface SideFacts {
  /** Files present on this side where the base has no file. */
  adds: Map<string, TreeEntry>;
  /** Base files this side no longer has as a file; `relevant` when the other side changed that path. */
  deletes: Map<string, { entry: TreeEntry; relevant: boolean }>;
  /** Base directories this side no longer has as a directory. */
  removedDirs: Set<string>;
  /** Subtrees where only this side changed, taken whole. */
  subtrees: Subtree[];
}

/** Everything the walk records for the rename analysis. */
export interface MergeFacts {
  sides: [SideFacts, SideFacts];
  /** Subtrees both sides changed identically, taken whole. */
  matched: Subtree[];
}

/** The mutable state of one merge walk. */
export interface MergeState {
  ctx: GitContext;
  /**
   * merge-ort's call_depth: 0 (or absent) for the merge asked for; above 0 for a merge of merge bases,
   * which resolves every conflict the way git does (so `conflicts` then lists only what specgate cannot
   * resolve as git would, and the whole virtual merge base is refused).
   */
  depth?: number;
  conflicts: { path: string; reason: string }[];
  /** New objects, written only once the whole merge is known to be clean. */
  objects: Map<string, { type: 'blob' | 'tree'; content: Uint8Array }>;
  /** Recorded on the first walk only. */
  facts?: MergeFacts;
  /** Paths whose three file versions are replaced (followed renames), and the directories leading to them. */
  overrides?: Map<string, EntryTriple>;
  forced?: Set<string>;
  /**
   * merge-ort's `pathnames` of a followed rename's target where they differ: the paths the base's, ours'
   * and theirs' versions came from. They go into the conflict labels of a merge of merge bases.
   */
  renamePaths?: Map<string, [string, string, string]>;
  /** Content merges already done in this call, by their three blob ids (shared by both walks). */
  contentMerges: Map<
    string,
    Promise<
      | { clean: true; oid: string; content: Uint8Array }
      | { clean: false; reason: string; oid?: string; content?: Uint8Array }
    >
  >;
}
