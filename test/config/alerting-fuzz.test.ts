import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';
import { EXAMPLE, assertAlertingInvariants } from './alerting-fixture.js';
import { writeConfig } from './config-fixture.js';

/** Lines of any alerting file, so a mutation can move a line into a section where it means something else. */
const DONOR_LINES = [...EXAMPLE.schedule.split('\n'), ...EXAMPLE.calllist.split('\n'), ...EXAMPLE.dependency.split('\n')];

type Mutation =
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'duplicate'; readonly at: number }
  | { readonly kind: 'swap'; readonly at: number; readonly with: number }
  | { readonly kind: 'insert'; readonly at: number; readonly line: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), line: fc.oneof(fc.constantFrom(...DONOR_LINES), fc.string({ maxLength: 30 })) }),
);

function mutate(text: string, mutations: readonly Mutation[]): string {
  const lines = text.split('\n');
  for (const m of mutations) {
    const i = m.at % Math.max(lines.length, 1);
    if (m.kind === 'delete') lines.splice(i, 1);
    else if (m.kind === 'duplicate') lines.splice(i, 0, lines[i] ?? '');
    else if (m.kind === 'insert') lines.splice(i, 0, m.line);
    else {
      const j = m.with % Math.max(lines.length, 1);
      [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
    }
  }
  return lines.join('\n');
}

describe('alerting files under random edits', () => {
  it('load or fail with a ConfigError whose problems point at real lines of the edited file', async () => {
    const prefix = await writeConfig(EXAMPLE);
    const dir = join(prefix, 'etc/t');
    const files = ['schedule', 'calllist', 'dependency'] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...files), fc.array(mutation, { minLength: 1, maxLength: 6 }), async (file, mutations) => {
        const text = mutate(EXAMPLE[file], mutations);
        for (const f of files) await writeFile(join(dir, `${f}.cf`), f === file ? text : EXAMPLE[f]);
        try {
          const config = await loadConfig({ prefix });
          assertAlertingInvariants(config);
        } catch (err) {
          assert.ok(err instanceof ConfigError, `not a ConfigError: ${String(err)}`);
          const lines = text.split(/\r\n|\r|\n/).length;
          for (const p of err.problems) {
            assert.ok(p.message.length > 0);
            if (p.file.endsWith(`/${file}.cf`)) assert.ok(p.line >= 1 && p.line <= lines, JSON.stringify(p));
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
