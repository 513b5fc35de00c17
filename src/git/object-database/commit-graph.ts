/** One file of a commit-graph: the single `commit-graph`, or one layer of a split chain. */
export interface CommitGraphLayer {
  /** Commits in this layer. */
  count: number;
  /** 256 big-endian uint32 (OIDF): entry `b` counts the ids whose first byte is at most `b`. */
  fanout: Buffer;
  /** `count` sorted raw 20-byte commit ids (OIDL). */
  oids: Buffer;
  /** `count` records of 36 bytes (CDAT): root tree, two parent positions, level and date. */
  data: Buffer;
  /** Parent positions of octopus merges (EDGE), when there are any. */
  edges?: Buffer;
  /** Corrected commit date offsets (GDA2), when the layer has them. */
  generations?: Buffer;
  /** Offsets too large for GDA2 (GDO2). */
  generationOverflow?: Buffer;
  /** The hashes of the layers below this one, in chain order (BASE), as hex. */
  baseHashes: string[];
}

/** What the commit-graph says about one commit. */
export interface GraphCommit {
  oid: string;
  tree: string;
  parents: string[];
  /** Committer time, seconds since the epoch. */
  committerTime: number;
  /**
   * The generation number: the corrected commit date where every layer has one (`correctedDates`), else
   * the topological level. Always greater than every parent's.
   */
  generation: number;
}

/** The repository's commit-graph, all layers of a split chain as one, looked up as git does. */
export interface CommitGraph {
  /** Commits in all layers. */
  count: number;
  /** Whether generations are corrected commit dates, by which git's merge-base walk orders commits. */
  correctedDates: boolean;
  /** The commit `oid` as the graph records it, or `undefined` when it is not in the graph. */
  lookup(oid: string): GraphCommit | undefined;
}
