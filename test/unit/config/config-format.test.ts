import { expect } from 'chai';
import { configFormat } from '../../../src/config/config-format.js';
import { SEARCH_PLACES } from '../../../src/config/search-places.js';

describe('configFormat', () => {
  it('tells every place specgate searches apart as cosmiconfig reads it', () => {
    expect(Object.fromEntries(SEARCH_PLACES.map((name) => [name, configFormat(name)]))).to.deep.equal({
      'package.json': 'package.json',
      '.specgaterc': 'yaml',
      '.specgaterc.json': 'json',
      '.specgaterc.yaml': 'yaml',
      '.specgaterc.yml': 'yaml',
      '.specgaterc.js': 'javascript',
      '.specgaterc.cjs': 'javascript',
      '.specgaterc.mjs': 'javascript',
      'specgate.config.js': 'javascript',
      'specgate.config.cjs': 'javascript',
      'specgate.config.mjs': 'javascript',
    });
  });

  it('reads the name at the end of a path, not the directories', () => {
    expect(configFormat('packages/app/package.json')).to.equal('package.json');
    expect(configFormat('config.json/.specgaterc')).to.equal('yaml');
    expect(configFormat('ci/specgate.config.ts')).to.equal('javascript');
    expect(configFormat('C:\\repo\\.specgaterc.json')).to.equal('json');
    expect(configFormat('tools/specgate.yml')).to.equal('yaml');
  });
});
