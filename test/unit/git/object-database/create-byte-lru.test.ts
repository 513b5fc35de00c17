import { expect } from 'chai';
import fc from 'fast-check';
import { createByteLru } from '../../../../src/git/object-database/create-byte-lru.js';

describe('createByteLru', () => {
  it('behaves like a least-recently-used list trimmed to its byte budget', () => {
    const command = fc.oneof(
      fc.record({ set: fc.constantFrom('a', 'b', 'c', 'd', 'e'), size: fc.integer({ min: 0, max: 120 }) }),
      fc.record({ get: fc.constantFrom('a', 'b', 'c', 'd', 'e') }),
    );
    fc.assert(
      fc.property(fc.array(command, { maxLength: 60 }), (commands) => {
        const maxBytes = 100;
        const lru = createByteLru<string, { size: number; id: number }>({ maxBytes, sizeOf: (value) => value.size });
        // The model: entries from least to most recently used.
        let model: Array<{ key: string; value: { size: number; id: number } }> = [];
        commands.forEach((step, id) => {
          if ('get' in step) {
            const found = model.find((entry) => entry.key === step.get);
            expect(lru.get(step.get)).to.equal(found?.value);
            if (found) model = [...model.filter((entry) => entry !== found), found];
            return;
          }
          const value = { size: step.size, id };
          lru.set(step.set, value);
          if (step.size > maxBytes) return;
          model = [...model.filter((entry) => entry.key !== step.set), { key: step.set, value }];
          while (model.reduce((sum, entry) => sum + entry.value.size, 0) > maxBytes) model.shift();
        });
        expect(lru.bytes).to.equal(model.reduce((sum, entry) => sum + entry.value.size, 0));
        for (const key of ['a', 'b', 'c', 'd', 'e']) {
          const found = model.find((entry) => entry.key === key);
          expect(lru.get(key)).to.equal(found?.value);
          if (found) model = [...model.filter((entry) => entry !== found), found];
        }
      }),
      { numRuns: 300 },
    );
  });
});
