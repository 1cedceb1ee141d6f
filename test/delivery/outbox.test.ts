import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Outbox } from '../../src/delivery/outbox.js';
import type { OutboxDraft } from '../../src/delivery/outbox-entry.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { sampleMessage } from './sample-alert.js';

const draft: OutboxDraft = { service: 'disk', host: 'web01', format: 'full', transmit: 'mail', try: 1, message: sampleMessage() };

async function outboxAt(now: () => number = () => 1_000_000): Promise<{ outbox: Outbox; dir: string; corrupt: string[] }> {
  const dir = join(await makeTempDir(), 'outbox');
  const corrupt: string[] = [];
  return { outbox: new Outbox(dir, { fsync: true, now, onCorrupt: (path, reason) => corrupt.push(`${path}: ${reason}`) }), dir, corrupt };
}

describe('Outbox', () => {
  it('journals a new entry as pending in <id>.json, creating the directory', async () => {
    const { outbox, dir } = await outboxAt();
    const entry = await outbox.enqueue(draft);
    assert.match(entry.id, /^0000001000000-[0-9a-f]{8}$/);
    assert.deepEqual(entry, { version: 1, id: entry.id, state: 'pending', attempts: 0, created: 1_000_000, ...draft });
    assert.deepEqual(JSON.parse(await readFile(join(dir, `${entry.id}.json`), 'utf8')), entry);
    assert.deepEqual(await outbox.read(entry.id), entry);
  });

  it('counts an attempt when marking an entry as sending', async () => {
    const { outbox } = await outboxAt();
    const { id } = await outbox.enqueue(draft);
    assert.deepEqual([(await outbox.markSending(id))?.state, (await outbox.read(id))?.attempts], ['sending', 1]);
    assert.equal((await outbox.markSending(id))?.attempts, 2);
  });

  it('reschedules an entry as pending with the next attempt and the last error', async () => {
    const { outbox } = await outboxAt();
    const { id } = await outbox.enqueue(draft);
    await outbox.markSending(id);
    const entry = await outbox.reschedule(id, 1_005_000, '451 try later');
    assert.deepEqual([entry?.state, entry?.nextAttempt, entry?.lastError, entry?.attempts], ['pending', 1_005_000, '451 try later', 1]);
    assert.deepEqual(await outbox.read(id), entry);
  });

  it('turns an interrupted entry into a pending possible duplicate that is due at once', async () => {
    const { outbox } = await outboxAt();
    const { id } = await outbox.enqueue(draft);
    await outbox.reschedule(id, 2_000_000, 'x');
    await outbox.markSending(id);
    const entry = await outbox.markDuplicate(id);
    assert.deepEqual([entry?.state, entry?.message.duplicate, entry?.nextAttempt], ['pending', true, undefined]);
  });

  it('keeps the outcome of a done entry and removes the entry on completion', async () => {
    const { outbox, dir } = await outboxAt();
    const { id } = await outbox.enqueue(draft);
    const result = { outcome: 'sent', rc: 0, reply: '250 OK', time: 5, attempts: 1, duplicate: false } as const;
    assert.deepEqual((await outbox.markDone(id, result))?.result, result);
    await outbox.complete(id);
    assert.deepEqual(await readdir(dir), []);
    await outbox.complete(id); // a second completion is harmless
  });

  it('answers undefined for an entry that no longer exists', async () => {
    const { outbox } = await outboxAt();
    const id = '0000001000000-00000000';
    assert.equal(await outbox.read(id), undefined);
    assert.equal(await outbox.markSending(id), undefined);
    assert.equal(await outbox.reschedule(id, 1, 'x'), undefined);
    assert.equal(await outbox.markDuplicate(id), undefined);
  });

  it('lists entries oldest first and ignores files that are not entries', async () => {
    let now = 3_000;
    const { outbox, dir } = await outboxAt(() => now);
    const late = await outbox.enqueue(draft);
    now = 1_000;
    const early = await outbox.enqueue(draft);
    await writeFile(join(dir, 'alice.jsonl'), '{}\n');
    await writeFile(join(dir, `${early.id}.json.1a2b3c4d5e6f.new`), '{');
    assert.deepEqual((await outbox.list()).map((e) => e.id), [early.id, late.id]);
  });

  it('sets an unreadable entry aside as .corrupt and reports it', async () => {
    const { outbox, dir, corrupt } = await outboxAt();
    const good = await outbox.enqueue(draft);
    const bad = '0000000000001-deadbeef';
    await writeFile(join(dir, `${bad}.json`), '{"version":1,"id":"0000000000001-deadbeef"');
    assert.deepEqual((await outbox.list()).map((e) => e.id), [good.id]);
    assert.deepEqual((await readdir(dir)).sort(), [`${bad}.json.corrupt`, `${good.id}.json`].sort());
    assert.equal(corrupt.length, 1);
    assert.match(corrupt[0]!, /not JSON/);
  });

  it('reads a missing directory as an empty outbox', async () => {
    const { outbox } = await outboxAt();
    assert.deepEqual(await outbox.list(), []);
  });
});
