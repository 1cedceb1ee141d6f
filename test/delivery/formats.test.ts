import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { alertSubject, DUPLICATE_PREFIX, markDuplicate } from '../../src/delivery/alert-subject.js';
import { alertTime } from '../../src/delivery/alert-time.js';
import { formatCompact } from '../../src/delivery/format-compact.js';
import { formatFull } from '../../src/delivery/format-full.js';
import { formatSms, SMS_MAX_CHARS } from '../../src/delivery/format-sms.js';
import { builtInFormatter } from '../../src/delivery/formatter.js';
import { SAMPLE_TIME, sampleMessage } from './sample-alert.js';

const UTC = { timeZone: 'UTC' };
const chars = (text: string): number => [...text].length;

describe('alertTime', () => {
  const cases: [string, number, string | undefined, string][] = [
    ['prints HH:MM:SS MM/DD/YYYY', SAMPLE_TIME, 'UTC', '14:03:07 06/01/2024'],
    ['prints midnight as 00, not 24', Date.UTC(2024, 0, 2, 0, 0, 0), 'UTC', '00:00:00 01/02/2024'],
    ['prints the time in the given zone', SAMPLE_TIME, 'America/New_York', '10:03:07 06/01/2024'],
    ['pads single-digit fields', Date.UTC(2031, 8, 9, 7, 5, 3), 'UTC', '07:05:03 09/09/2031'],
  ];
  for (const [name, ms, zone, expected] of cases) it(name, () => assert.equal(alertTime(ms, zone), expected));
});

describe('alertSubject', () => {
  const cases: [string, Parameters<typeof sampleMessage>[0], string][] = [
    ['names service and host of a problem', {}, 'ALERT: disk@web01'],
    ['says FIXALERT when a fix was attempted', { fix: { rc: 0, comment: 'restarted' } }, 'FIXALERT: disk@web01'],
    ['appends (cleared) for return code 0', { rc: 0, clear: true }, 'ALERT: disk@web01 (cleared)'],
    ['prefixes a possible duplicate', { duplicate: true }, '[possible duplicate] ALERT: disk@web01'],
    ['joins several hosts with commas', { hosts: ['a', 'b'] }, 'ALERT: disk@a,b'],
  ];
  for (const [name, overrides, expected] of cases) it(name, () => assert.equal(alertSubject(sampleMessage(overrides)), expected));

  it('puts the duplicate prefix on a module-made subject once', () => {
    const dup = sampleMessage({ duplicate: true });
    const formatted = { addresses: ['a'], subject: 'custom', message: 'x', replyOk: true };
    const once = markDuplicate(formatted, dup);
    assert.equal(once.subject, `${DUPLICATE_PREFIX}custom`);
    assert.equal(markDuplicate(once, dup).subject, `${DUPLICATE_PREFIX}custom`);
    assert.equal(markDuplicate(formatted, sampleMessage()).subject, 'custom');
  });
});

describe('full format', () => {
  it('lays out a problem alert with recipients, status, token and a one-way footer', () => {
    const formatted = formatFull(sampleMessage(), UTC);
    assert.deepEqual(formatted, {
      addresses: ['alice@example.org'],
      subject: 'ALERT: disk@web01',
      replyOk: false,
      message: [
        'Recipients:  alice@example.org (call list oncall)',
        'Summary:     /var is 97% full',
        'Host:        web01',
        'Service:     disk',
        'Time:        14:03:07 06/01/2024',
        'Status:      PROBLEM (return code 1)',
        'Instances:   3',
        'Token:       R384756102 (instance demo)',
        '',
        '-- ',
        'This is a one-way alert from Survivor: replies to it are not read.',
        'Acknowledge or inhibit it with sc on the scheduler host.',
        '',
      ].join('\n'),
    });
  });

  it('reports the fix result and appends the help text of a problem', () => {
    const text = formatFull(sampleMessage({ fix: { rc: 1, comment: 'restart failed' }, helpText: 'Call the storage team.\n' }), UTC).message;
    assert.match(text, /^Fix result: {2}PROBLEM \(return code 1\): restart failed$/m);
    assert.match(text, /\nHelp:\nCall the storage team\.\n\n-- \n/);
  });

  it('leaves the help text out of a clear and says the problem has cleared', () => {
    const text = formatFull(sampleMessage({ rc: 0, clear: true, helpText: 'Call the storage team.' }), UTC).message;
    assert.doesNotMatch(text, /storage team/);
    assert.match(text, /^Status: {6}OK: the problem has cleared$/m);
  });

  it('opens a possible duplicate with a warning', () => {
    assert.match(formatFull(sampleMessage({ duplicate: true }), UTC).message, /^This message may be a duplicate/);
  });
});

describe('compact format', () => {
  const cases: [string, Parameters<typeof sampleMessage>[0], string][] = [
    ['is the summary and the time', {}, '/var is 97% full 14:03:07 06/01/2024\n'],
    ['appends the help text of a problem', { helpText: 'Call storage.\n' }, '/var is 97% full 14:03:07 06/01/2024\nCall storage.\n'],
    ['leaves the help text out of a clear', { rc: 0, clear: true, comment: 'ok', helpText: 'Call storage.' }, 'ok 14:03:07 06/01/2024\n'],
    ['adds the fix result', { fix: { rc: 0, comment: 'restarted' } }, '/var is 97% full 14:03:07 06/01/2024\nfix OK: restarted\n'],
  ];
  for (const [name, overrides, expected] of cases) {
    it(name, () => assert.equal(formatCompact(sampleMessage(overrides), UTC).message, expected));
  }

  it('keeps ReplyOK for an alert and turns it off for a fix alert', () => {
    assert.equal(formatCompact(sampleMessage(), UTC).replyOk, true);
    assert.equal(formatCompact(sampleMessage({ fix: { rc: 0, comment: 'x' } }), UTC).replyOk, false);
  });
});

describe('sms format', () => {
  it('sends T=<token>,I=<instance> <summary> <time> under the alert subject', () => {
    const formatted = formatSms(sampleMessage(), UTC);
    assert.equal(formatted.message, 'T=R384756102,I=demo /var is 97% full 14:03:07 06/01/2024');
    assert.equal(formatted.subject, 'ALERT: disk@web01');
  });

  it('cuts a long summary so that addresses, subject and message fill exactly 160 characters', () => {
    const formatted = formatSms(sampleMessage({ comment: 'x'.repeat(300), addresses: ['2125550101@sms.example.net'] }), UTC);
    assert.equal(chars(formatted.addresses.join(',')) + chars(formatted.subject) + chars(formatted.message), SMS_MAX_CHARS);
    assert.match(formatted.message, /^T=R384756102,I=demo x+ 14:03:07 06\/01\/2024$/);
  });

  it('stays within 160 characters and keeps token, instance and time for any summary and subject', () => {
    const name = fc.stringMatching(/^[a-z0-9.-]{1,24}$/);
    fc.assert(
      fc.property(
        fc.string({ maxLength: 400, unit: 'grapheme' }),
        name,
        name,
        fc.array(fc.stringMatching(/^[a-z0-9@.]{1,20}$/), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        fc.boolean(),
        (comment, service, host, addresses, duplicate, fix) => {
          const message = sampleMessage({ comment, service, hosts: [host], addresses, duplicate, ...(fix ? { fix: { rc: 1, comment: 'f' } } : {}) });
          const formatted = formatSms(message, UTC);
          assert.ok(chars(addresses.join(',')) + chars(formatted.subject) + chars(formatted.message) <= SMS_MAX_CHARS);
          assert.ok(formatted.message.startsWith('T=R384756102,I=demo '), formatted.message);
          assert.ok(formatted.message.endsWith(' 14:03:07 06/01/2024'), formatted.message);
        },
      ),
    );
  });
});

describe('builtInFormatter', () => {
  it('knows full, compact and sms and nothing else', async () => {
    for (const name of ['full', 'compact', 'sms']) {
      const outcome = await builtInFormatter(name, UTC)!.format(sampleMessage());
      assert.ok('formatted' in outcome, name);
    }
    for (const name of ['nextel', 'constructor', '__proto__', 'toString']) assert.equal(builtInFormatter(name), undefined, name);
  });
});
