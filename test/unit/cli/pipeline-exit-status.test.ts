import { expect } from 'chai';
import { pipelineExitStatus } from '../../../src/cli/pipeline-exit-status.js';
import type { PartialResult, PipelineResult } from '../../../src/core/types.js';

const result = (verdict: PipelineResult['verdict']): PipelineResult => ({
  mode: 'gate',
  verdict,
  target: { ref: 'main', sha: '0'.repeat(40) },
  changes: [],
  builds: [],
});

describe('pipelineExitStatus', () => {
  it('0 when every change passed, 1 when one was rejected', () => {
    expect(pipelineExitStatus(result('SUCCESS'))).to.equal(0);
    expect(pipelineExitStatus(result('FAILURE'))).to.equal(1);
  });

  it('2 when --merge or --tag was refused, whatever the verdict', () => {
    const refused = { refused: { reason: 'moved', message: 'main moved' } };
    expect(pipelineExitStatus({ ...result('SUCCESS'), ...refused })).to.equal(2);
    expect(pipelineExitStatus({ ...result('FAILURE'), ...refused })).to.equal(2);
  });

  it("0 for a shard's partial result: the verdict is report merge's", () => {
    const partial = { partial: { version: 1, shard: { index: 1, total: 2 }, inputs: 'x' } } as PartialResult;
    expect(pipelineExitStatus(partial)).to.equal(0);
  });
});
