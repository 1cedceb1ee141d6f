import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFormattedAlert } from '../../src/delivery/parse-formatted-alert.js';
import { sampleMessage } from './sample-alert.js';

describe('parseFormattedAlert', () => {
  const input = sampleMessage();
  const fixInput = sampleMessage({ fix: { rc: 0, comment: 'restarted' } });

  const good: [string, string, typeof input, object][] = [
    [
      'reads a complete formatted alert',
      '{"addresses":["b@x"],"replyTo":"ops@x","subject":"S","message":"M","replyOk":true}\n',
      input,
      { addresses: ['b@x'], replyTo: 'ops@x', subject: 'S', message: 'M', replyOk: true },
    ],
    ['keeps the input addresses when none are given', '{"subject":"S","message":"M"}', input, { addresses: ['alice@example.org'], subject: 'S', message: 'M', replyOk: true }],
    ['lets a format turn ReplyOK off', '{"subject":"S","message":"M","replyOk":false}', input, { addresses: ['alice@example.org'], subject: 'S', message: 'M', replyOk: false }],
    ['never lets a format turn ReplyOK on', '{"subject":"S","message":"M","replyOk":true}', fixInput, { addresses: ['alice@example.org'], subject: 'S', message: 'M', replyOk: false }],
    ['drops an empty replyTo', '{"subject":"S","message":"M","replyTo":""}', input, { addresses: ['alice@example.org'], subject: 'S', message: 'M', replyOk: true }],
  ];
  for (const [name, stdout, message, expected] of good) {
    it(name, () => assert.deepEqual(parseFormattedAlert(stdout, message), { formatted: expected }));
  }

  const bad: [string, string, RegExp][] = [
    ['refuses empty output', '  \n', /printed nothing/],
    ['refuses output that is not JSON', 'Subject: hi', /not one JSON document/],
    ['refuses two JSON documents', '{"subject":"a","message":"b"}\n{"subject":"a","message":"b"}', /not one JSON document/],
    ['refuses a JSON array', '[]', /not an object/],
    ['requires a subject', '{"message":"M"}', /`subject` to be a string, got `undefined`/],
    ['requires a message', '{"subject":"S","message":3}', /`message` to be a string, got `3` \(number\)/],
    ['requires addresses to be strings', '{"subject":"S","message":"M","addresses":[1]}', /`addresses` to be a non-empty array of strings/],
    ['refuses an empty address list', '{"subject":"S","message":"M","addresses":[]}', /non-empty array/],
    ['requires replyOk to be a boolean', '{"subject":"S","message":"M","replyOk":"yes"}', /`replyOk` to be true or false/],
  ];
  for (const [name, stdout, problem] of bad) {
    it(name, () => {
      const parsed = parseFormattedAlert(stdout, input);
      assert.ok('problem' in parsed);
      assert.match(parsed.problem, problem);
    });
  }
});
