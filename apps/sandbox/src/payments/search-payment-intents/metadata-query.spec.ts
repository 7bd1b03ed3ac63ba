import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SandboxError } from '../../common/sandbox.error';
import { parseMetadataQuery } from './metadata-query';

describe('parseMetadataQuery', () => {
  it("reads metadata['k']:'v' with either quote and backslash escapes", () => {
    assert.deepEqual(parseMetadataQuery("metadata['order_id']:'42'"), { key: 'order_id', value: '42' });
    assert.deepEqual(parseMetadataQuery(' metadata["order_id"]:"a b" '), { key: 'order_id', value: 'a b' });
    assert.deepEqual(parseMetadataQuery("metadata['k']:'it\\'s'"), { key: 'k', value: "it's" });
    assert.deepEqual(parseMetadataQuery("metadata['k']:''"), { key: 'k', value: '' });
  });

  it('refuses everything else with parameter_invalid on query', () => {
    for (const query of ["metadata['']:'v'", "metadata['k']:'v' AND metadata['j']:'w'", "metadata['k']:v", "metadata['k'] :'v'", "metadata['k']:'v", "metadata[k]:'v'", "amount:'1'", "metadata['k']:'v'x"]) {
      assert.throws(() => parseMetadataQuery(query), (error: unknown) => error instanceof SandboxError && error.code === 'parameter_invalid' && error.param === 'query', query);
    }
  });
});
