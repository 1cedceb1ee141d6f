import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Deliverer } from '../../src/delivery/deliverer.js';
import type { DeliveryModuleSettings } from '../../src/delivery/delivery-module.js';
import { DeliveryResolver } from '../../src/delivery/delivery-resolver.js';
import { ModuleFormatter } from '../../src/delivery/module-formatter.js';
import { Outbox } from '../../src/delivery/outbox.js';
import type { DeliveryOutcome } from '../../src/delivery/outbox-entry.js';
import { InProcessRunner } from '../../src/exec/in-process-runner.js';
import { shippedModulesDir } from '../helpers/project.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { sampleMessage } from './sample-alert.js';

/** Format modules written for these tests: name → body of a Node script that has `doc` (the parsed stdin). */
const MODULES: Record<string, string> = {
  upper: `process.stdout.write(JSON.stringify({ subject: 'S ' + doc.service, message: doc.comment.toUpperCase(), replyOk: true }));`,
  echo: `process.stdout.write(JSON.stringify({ subject: 'echo', message: JSON.stringify({ doc, env: process.env }) }));`,
  garbage: `process.stdout.write('Subject: hello');`,
  refuse: `process.stderr.write('no template for ' + doc.service + '\\n'); process.exit(4);`,
  later: `process.exit(75);`,
  slow: `setTimeout(() => {}, 60000);`,
};

const runner = new InProcessRunner();
after(() => runner.close());
// Set up at the top level: makeTempDir's clean-up must belong to the file, not to a hook.
const prefix = await makeTempDir();
const settings: DeliveryModuleSettings = await (async () => {
  const moduleDir = join(prefix, 'mod');
  await mkdir(join(moduleDir, 'format'), { recursive: true });
  await mkdir(join(prefix, 'tmp'));
  // the shipped file transmitter, linked in (Node resolves its ../lib imports from the real path)
  await mkdir(join(moduleDir, 'transmit'));
  await symlink(join(shippedModulesDir, 'transmit', 'file'), join(moduleDir, 'transmit', 'file'));
  for (const [name, body] of Object.entries(MODULES)) {
    const path = join(moduleDir, 'format', name);
    await writeFile(path, `#!/usr/bin/env node\nlet text = '';\nfor await (const chunk of process.stdin) text += chunk;\nconst doc = JSON.parse(text);\n${body}\n`);
    await chmod(path, 0o755);
  }
  return { runner, moduleDir, tmpDir: join(prefix, 'tmp'), instance: 'demo', timeoutMs: 10_000, graceMs: 200 };
})();

describe('format modules', () => {
  it('formats with the JSON the module prints', async () => {
    const outcome = await new ModuleFormatter('upper', settings).format(sampleMessage());
    assert.deepEqual(outcome, { formatted: { addresses: ['alice@example.org'], subject: 'S disk', message: '/VAR IS 97% FULL', replyOk: true } });
  });

  it('gives the module the alert document and the delivery environment', async () => {
    const outcome = await new ModuleFormatter('echo', settings).format(sampleMessage({ fix: { rc: 0, comment: 'restarted' } }));
    assert.ok('formatted' in outcome);
    const { doc, env } = JSON.parse(outcome.formatted.message) as { doc: Record<string, unknown>; env: Record<string, string> };
    assert.deepEqual(doc, { version: 1, ...sampleMessage({ fix: { rc: 0, comment: 'restarted' } }), replyOk: false });
    assert.equal(outcome.formatted.replyOk, false);
    assert.equal(env.SURVIVOR_SERVICE, 'disk');
    assert.equal(env.SURVIVOR_HOST, 'web01');
    assert.equal(env.SURVIVOR_ALERT, 'mail');
    assert.equal(env.SURVIVOR_INSTANCE, 'demo');
    assert.equal(env.SURVIVOR_PREFIX, prefix);
    assert.equal(env.SURVIVOR_TIMEOUT, '10');
  });

  const failures: [string, string, string, number, RegExp][] = [
    ['fails for good when the output is not a formatted alert', 'garbage', 'permanent', 4, /^format garbage: the format module's output is not one JSON document/],
    ['fails for good with the module\'s rc and stderr when it exits non-zero', 'refuse', 'permanent', 4, /^format refuse: no template for disk$/],
    ['retries when the module exits 75', 'later', 'temporary', 1, /^format later: exit code 75/],
    ['fails for good with rc 4 when the module is missing', 'nextel', 'permanent', 4, /^format nextel: .*format\/nextel not found \(ENOENT\)$/],
  ];
  for (const [name, module, outcome, rc, reply] of failures) {
    it(name, async () => {
      const result = await new ModuleFormatter(module, settings).format(sampleMessage());
      assert.ok('failure' in result);
      assert.deepEqual([result.failure.outcome, result.failure.rc], [outcome, rc]);
      assert.match(result.failure.reply ?? '', reply);
    });
  }

  it('retries a module that does not finish in time, with rc 5', async () => {
    const result = await new ModuleFormatter('slow', { ...settings, timeoutMs: 300 }).format(sampleMessage());
    assert.ok('failure' in result);
    assert.deepEqual([result.failure.outcome, result.failure.rc], ['temporary', 5]);
    assert.match(result.failure.reply ?? '', /timed out after 0\.3 s/);
  });

  it('delivers through a format module and a transmit module end to end', async () => {
    const outbox = new Outbox(join(prefix, 'var', 'outbox'), { fsync: false });
    const resolver = new DeliveryResolver({ modules: settings, smtp: { host: '127.0.0.1', port: 1, tls: 'none', from: 'survivor@example.org' } });
    const recorded: DeliveryOutcome[] = [];
    const deliverer = new Deliverer({
      outbox,
      deps: resolver,
      record: (_entry, outcome) => {
        recorded.push(outcome);
        return Promise.resolve();
      },
    });
    await outbox.enqueue({ service: 'disk', host: 'web01', format: 'upper', transmit: 'file', message: sampleMessage({ addresses: ['var/alerts.jsonl'] }) });
    await deliverer.start();
    await deliverer.idle();
    await deliverer.stop();
    await resolver.close();
    assert.deepEqual(recorded.map((r) => [r.outcome, r.rc]), [['sent', 0]]);
    const line = JSON.parse(await readFile(join(prefix, 'var', 'alerts.jsonl'), 'utf8')) as { subject: string; message: string };
    assert.deepEqual([line.subject, line.message], ['S disk', '/VAR IS 97% FULL']);
  });
});
