import { expect } from 'chai';
import { homeProject } from '../../../src/workflows/home-project.js';

describe('homeProject', () => {
  it("is the name of the repository's directory", () => {
    expect(homeProject({ dir: '/src/app', gitdir: '/src/app/.git' })).to.equal('app');
  });

  it("is the git directory's name for a bare repository", () => {
    expect(homeProject({ gitdir: '/srv/git/app.git' })).to.equal('app.git');
  });
});
