import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeInstance, readJson, startSs, waitFor, type RunningSs } from '../helpers/instance.js';

const running: RunningSs[] = [];
after(() => {
  for (const r of running) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
});

describe('dependencies at run time', () => {
  it('records DEPEND for checks blocked by a failing Type I or Type II dependency, and runs them again once it recovers', async () => {
    const inst = await makeInstance();
    await inst.writeConfig({
      host: '[class lab]\nhosts = h1 h2\ncheck schedule = fast\n\n[group base]\nhosts = h1 h2\n\n[group web]\nhosts = h1 h2\n\n[group api]\nhosts = h2\n',
      check: '[check base]\nmodule = answer\n\n[check web]\nmodule = answer\n\n[check api]\nmodule = answer\n',
      schedule: '[schedule fast]\nrule = every 1 second\n',
      dependency: '[depend on-base]\nchecks = web\nhosts = all\non = base status\n\n[depend live-base]\nchecks = api\nhosts = all\non = base@h1\n',
    });
    await writeFile(join(inst.tmpDir, 'rc-base'), '1');
    const ss = startSs(inst);
    running.push(ss);
    const status = async (service: string, host: string): Promise<{ rc: number; comment: string } | undefined> =>
      (await readJson(join(inst.stateDir, 'host', host, service, 'checkstatus')).catch(() => undefined)) as { rc: number; comment: string } | undefined;

    const web = await waitFor('web@h1 to be blocked', async () => {
      const st = await status('web', 'h1');
      return st?.rc === 6 ? st : undefined;
    });
    assert.equal(web.comment, 'Dependency "base@h1" has error status 1');
    const api = await waitFor('api@h2 to be blocked by the live check of base@h1', async () => {
      const st = await status('api', 'h2');
      return st?.rc === 6 ? st : undefined;
    });
    assert.equal(api.comment, 'Dependency "base@h1" failed with status 1');
    // The history line follows the state file by a moment: wait for it rather than race it.
    await waitFor('the blocked run in the history too', async () => {
      const history = (await readFile(join(inst.historyDir, 'host', 'h1', 'web', 'checkhistory'), 'utf8')).trim().split('\n');
      return (JSON.parse(history.at(-1)!) as { rc: number }).rc === 6;
    });

    await writeFile(join(inst.tmpDir, 'rc-base'), '0');
    await waitFor('web@h1 to run again', async () => (await status('web', 'h1'))?.rc === 0);
    await waitFor('api@h2 to run again', async () => (await status('api', 'h2'))?.rc === 0);
    ss.child.kill('SIGTERM');
    assert.equal((await ss.exited).code, 0);
  });
});
