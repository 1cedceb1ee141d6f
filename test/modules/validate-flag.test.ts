import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runModule, shippedModules } from './module-process.js';

describe('-v of every shipped module', () => {
  for (const module of shippedModules) {
    it(`${module} -v prints one OK line for localhost and exits 0`, async () => {
      const run = await runModule(module, '', { args: ['-v'] });
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.equal(run.lines.length, 1);
      const [line] = run.lines;
      assert.equal(line!.host, 'localhost');
      assert.equal(line!.rc, 0);
      assert.match(line!.comment, /OK/);
    });
  }
});
