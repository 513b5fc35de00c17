import fs from 'node:fs';

const SCRIPT = `#!/usr/bin/env bash
# The native reference for \`specgate plan\`: the speculative stack of the changes given, in order, with
# git's own merge. Prints the state after each change, one per line.
set -euo pipefail
state=$(git rev-parse --verify main^{commit})
for change in "$@"; do
  tree=$(git merge-tree --write-tree "$state" "$change")
  state=$(git commit-tree "$tree" -p "$state" -p "$change" -m "Merge $change")
  echo "$state"
done
`;

/** Writes the bash script that computes the speculative stack with native git to `file`, and returns `file`. */
export function writeNativeLoopScript(file: string): string {
  fs.writeFileSync(file, SCRIPT, { mode: 0o755 });
  return file;
}
