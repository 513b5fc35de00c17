import { expect } from 'chai';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { readReturnFile } from '../../../src/jobs/read-return-file.js';
import { cleanup, tempDir } from './job-fixtures.js';

describe('readReturnFile', function () {
  after(cleanup);

  async function read(content: string | undefined): Promise<unknown> {
    const file = path.join(await tempDir(), 'job.return.json');
    if (content !== undefined) await writeFile(file, content);
    return readReturnFile({ path: file });
  }

  it('reports a missing file as absent', async function () {
    expect(await read(undefined)).to.deep.equal({ status: 'absent' });
  });

  it('accepts child_jobs and data, each optional', async function () {
    expect(await read('{"child_jobs": ["a", "b"], "data": {"x": [1]}}')).to.deep.equal({
      status: 'valid',
      childJobs: ['a', 'b'],
      data: { x: [1] },
    });
    expect(await read('{}')).to.deep.equal({ status: 'valid' });
    expect(await read('{"child_jobs": []}')).to.deep.equal({ status: 'valid', childJobs: [] });
  });

  it('explains what is wrong with a malformed file', async function () {
    const cases: Array<[string, RegExp]> = [
      ['', /^not JSON/],
      ['{"child_jobs": ', /^not JSON/],
      ['[]', /expected a JSON object/],
      ['null', /expected a JSON object/],
      ['{"child_jobs": "a"}', /child_jobs must be an array/],
      ['{"child_jobs": [1]}', /child_jobs must be an array/],
      ['{"data": [1]}', /data must be a JSON object/],
      ['{"data": "x"}', /data must be a JSON object/],
      ['{"childjobs": []}', /unknown key "childjobs"/],
    ];
    for (const [content, why] of cases) {
      const result = (await read(content)) as { status: string; why?: string };
      expect(result.status, content).to.equal('malformed');
      expect(result.why, content).to.match(why);
    }
  });
});
