/**
 * Finds the cycles of a directed graph: its strongly connected components with more than one node, plus
 * single nodes with an edge to themselves (Tarjan's algorithm, iterative so that long chains cannot
 * overflow the stack). Each cycle lists its nodes in the order of `nodes`; cycles come in the order of
 * their first node. Edges to nodes not in `nodes` are ignored.
 */
export function findCycles(nodes: readonly string[], edges: (node: string) => readonly string[]): string[][] {
  const known = new Set(nodes);
  const order = new Map(nodes.map((node, i) => [node, i]));
  const index = new Map<string, number>();
  const lowlink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;

  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; successors: string[]; position: number }> = [];
    const enter = (node: string) => {
      index.set(node, next);
      lowlink.set(node, next);
      next += 1;
      stack.push(node);
      onStack.add(node);
      work.push({ node, successors: edges(node).filter((s) => known.has(s)), position: 0 });
    };
    enter(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.position < frame.successors.length) {
        const successor = frame.successors[frame.position++];
        if (!index.has(successor)) enter(successor);
        else if (onStack.has(successor))
          lowlink.set(frame.node, Math.min(lowlink.get(frame.node)!, index.get(successor)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        lowlink.set(parent, Math.min(lowlink.get(parent)!, lowlink.get(frame.node)!));
      }
      if (lowlink.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = component.length === 1 && edges(member).includes(member);
        if (component.length > 1 || selfLoop)
          components.push(component.sort((a, b) => order.get(a)! - order.get(b)!));
      }
    }
  }
  return components.sort((a, b) => order.get(a[0])! - order.get(b[0])!);
}
