import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { shippedModulesDir } from '../helpers/project.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { moduleEnv, runModule, type ResultLine } from './module-process.js';
import { lib } from './survivor-library.js';

const run = promisify(execFile);
const helper = join(shippedModulesDir, 'lib', 'survivor.sh');

/** survivor_result's line for the given arguments, parsed. */
async function shellResult(...args: string[]): Promise<ResultLine> {
  const { stdout } = await run('sh', ['-c', `. "${helper}"; survivor_result "$@"`, 'sh', ...args], { env: moduleEnv() });
  assert.equal(stdout.split('\n').length, 2, `one line: ${stdout}`);
  return JSON.parse(stdout) as ResultLine;
}

describe('survivor.sh: survivor_result', () => {
  it('escapes quotes and backslashes as JSON', async () => {
    assert.deepEqual(await shellResult('web"01', '2', '7', 'say "hi" \\ C:\\path\\n'), { host: 'web"01', rc: 2, scalar: 7, comment: 'say "hi" \\ C:\\path\\n' });
  });

  it('flattens newlines, tabs and other control characters to single spaces', async () => {
    const line = await shellResult('h', '0', '0', '  one\n\ttwo\r\n\u0001\u001fthree\u007f  ');
    assert.equal(line.comment, 'one two three');
  });

  it('keeps UTF-8 text', async () => {
    assert.equal((await shellResult('h', '0', '0', 'disque plein ✓ ü')).comment, 'disque plein ✓ ü');
  });

  it('rounds the scalar, adds the duration, and answers MISCONFIG for a non-numeric rc', async () => {
    assert.deepEqual(await shellResult('h', '1', '3.6', 'x', '12'), { host: 'h', rc: 1, scalar: 4, comment: 'x', duration: 12 });
    assert.deepEqual(await shellResult('h', '1', 'lots', 'x'), { host: 'h', rc: 1, scalar: 0, comment: 'x' });
    const bad = await shellResult('h', 'oops"', '0', 'x');
    assert.deepEqual([bad.rc, bad.comment], [4, 'module returned an invalid return code "oops""']);
  });

  it('flattens any comment exactly as the JavaScript helper does', async () => {
    const chars = ['a', 'Z', ' ', '"', '\\', '\n', '\t', '\r', '\u0001', '\u001b', '\u007f', 'é', '✓', '{', '%', '$', '`'];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...chars), { maxLength: 30 }), async (parts) => {
        const comment = parts.join('');
        assert.equal((await shellResult('h', '0', '0', comment)).comment, lib.flattenComment(comment));
      }),
      { numRuns: 40 },
    );
  });
});

/** A shell module that echoes what the helper read. */
const dir = await makeTempDir();
const module = join(dir, 'echo');
await writeFile(
  module,
  `#!/bin/sh
. "${helper}"
survivor_init "$@"
survivor_hosts | while IFS= read -r host; do
  survivor_result "$host" 0 0 "service=$(survivor_service) timeout=$(survivor_timeout) items=$(survivor_option item | tr '\\n' '+') mode=$(survivor_option mode fast) flag=$(survivor_option flag)"
done
`,
);
await writeFile(`${module}.ini`, '[option item]\ntype = optional string list\n[option mode]\ntype = optional string\n[option flag]\ntype = optional boolean default(no)\n');
await chmod(module, 0o755);
const env = { SURVIVOR_LIB: join(shippedModulesDir, 'lib') };

describe('survivor.sh: reading the input', () => {
  it('lists hosts and reads service, timeout, list options, defaults and typed booleans', async () => {
    const result = await runModule(module, { version: 1, service: 'svc', hosts: ['a', 'b'], timeout: 7, options: { item: ['x y', 'z'], flag: 'true' } }, { env });
    assert.equal(result.code, 0);
    assert.deepEqual(result.lines, ['a', 'b'].map((host) => ({ host, rc: 0, scalar: 0, comment: 'service=svc timeout=7 items=x y+z+ mode=fast flag=yes' })));
  });

  it('answers MISCONFIG for every host when an option does not fit the manifest', async () => {
    const result = await runModule(module, { version: 1, hosts: ['a', 'b'], options: { flag: 'perhaps' } }, { env });
    assert.deepEqual(result.lines.map((l) => [l.host, l.rc, l.comment]), [
      ['a', 4, "option flag: expected yes or no, got 'perhaps'"],
      ['b', 4, "option flag: expected yes or no, got 'perhaps'"],
    ]);
  });

  it('exits MISCONFIG when stdin is not a batch document', async () => {
    const result = await runModule(module, 'garbage', { env });
    assert.equal(result.code, 4);
    assert.equal(result.stdout, '');
  });

  it('answers -v with "<Name> OK"', async () => {
    const result = await runModule(module, '', { args: ['-v'], env });
    assert.equal(result.code, 0);
    assert.deepEqual(result.lines, [{ host: 'localhost', rc: 0, scalar: 0, comment: 'Echo OK' }]);
  });
});
