import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CheckQueue, type CheckJob } from '../../src/daemon/check-queue.js';

function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('check queue', () => {
  it('never queues a pair that is queued or running, and merges hosts into the waiting job of a service', async () => {
    const started: CheckJob[] = [];
    const release = gate();
    const queue = new CheckQueue(1, async (job) => {
      started.push({ ...job, hosts: [...job.hosts] });
      await release.promise;
    });
    assert.deepEqual(queue.submit('svc', ['a', 'b'], 1000), ['a', 'b']); // starts at once
    await Promise.resolve();
    assert.deepEqual(queue.submit('svc', ['a', 'c'], 2000), ['c'], 'a is running, c queued');
    assert.deepEqual(queue.submit('svc', ['c', 'd'], 3000), ['d'], 'd joins the waiting job');
    assert.equal(queue.waitingJobs, 1);
    assert.ok(queue.isBusy('svc', 'a') && queue.isBusy('svc', 'd'));
    release.open();
    assert.equal(await queue.idle(5000), true);
    assert.deepEqual(
      started.map((j) => [j.service, j.hosts, [...j.due.entries()]]),
      [
        ['svc', ['a', 'b'], [['a', 1000], ['b', 1000]]],
        ['svc', ['c', 'd'], [['c', 2000], ['d', 3000]]],
      ],
    );
    assert.equal(queue.isBusy('svc', 'a'), false, 'pairs are free again after their job');
  });

  it('runs at most `concurrency` jobs at once', async () => {
    let active = 0;
    let peak = 0;
    const queue = new CheckQueue(2, async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 20));
      active--;
    });
    for (let i = 0; i < 6; i++) queue.submit(`s${i}`, ['h'], 0);
    assert.equal(await queue.idle(5000), true);
    assert.equal(peak, 2);
  });

  it('drops waiting jobs on drain and reports whether running ones finished in time', async () => {
    const release = gate();
    let ran = 0;
    const queue = new CheckQueue(1, async () => {
      ran++;
      await release.promise;
    });
    queue.submit('a', ['h'], 0);
    queue.submit('b', ['h'], 0);
    await Promise.resolve();
    queue.drain();
    assert.deepEqual(queue.submit('c', ['h'], 0), [], 'no new work after drain');
    assert.equal(await queue.idle(30), false, 'a still runs');
    release.open();
    assert.equal(await queue.idle(5000), true);
    assert.equal(ran, 1, 'b never started');
  });
});
