import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifySmtpError } from '../../src/delivery/smtp-failure.js';

describe('classifySmtpError', () => {
  const cases: [string, unknown, { outcome: string; rc: number; reply: string }][] = [
    [
      'retries a 4xx reply',
      { code: 'EMESSAGE', responseCode: 451, response: '451 4.3.0 Try again later', permanent: false },
      { outcome: 'temporary', rc: 1, reply: '451 4.3.0 Try again later' },
    ],
    [
      'gives up on a 5xx reply and keeps its text',
      { code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 <x@y>: no such user', permanent: true },
      { outcome: 'permanent', rc: 1, reply: '550 5.1.1 <x@y>: no such user' },
    ],
    [
      'decides by the reply class when nodemailer does not say',
      { code: 'EMESSAGE', responseCode: 554, response: '554 rejected' },
      { outcome: 'permanent', rc: 1, reply: '554 rejected' },
    ],
    [
      'retries a 503, which nodemailer marks not permanent',
      { code: 'EPROTOCOL', responseCode: 503, response: '503 bad sequence', permanent: false },
      { outcome: 'temporary', rc: 1, reply: '503 bad sequence' },
    ],
    [
      'calls a refused login a misconfiguration',
      { code: 'EAUTH', responseCode: 535, response: '535 Authentication credentials invalid', permanent: true },
      { outcome: 'permanent', rc: 4, reply: '535 Authentication credentials invalid' },
    ],
    [
      'retries a temporary login failure',
      { code: 'EAUTH', responseCode: 454, response: '454 try later', permanent: false },
      { outcome: 'temporary', rc: 1, reply: '454 try later' },
    ],
    [
      'calls missing credentials a misconfiguration',
      { code: 'ENOAUTH', message: 'Missing credentials for "PLAIN"' },
      { outcome: 'permanent', rc: 4, reply: 'ENOAUTH: Missing credentials for "PLAIN"' },
    ],
    [
      'retries a refused connection and names the errno',
      { code: 'ESOCKET', originalCode: 'ECONNREFUSED', message: 'connect failed to 127.0.0.1:1' },
      { outcome: 'temporary', rc: 1, reply: 'ESOCKET: connect failed to 127.0.0.1:1 (ECONNREFUSED)' },
    ],
    [
      'retries a timeout with rc 5',
      { code: 'ETIMEDOUT', message: 'Greeting never received' },
      { outcome: 'temporary', rc: 5, reply: 'ETIMEDOUT: Greeting never received' },
    ],
    ['retries a dropped connection', { code: 'ECONNECTION', message: 'Connection closed' }, { outcome: 'temporary', rc: 1, reply: 'ECONNECTION: Connection closed' }],
    ['retries a DNS failure', { code: 'EDNS', message: 'getaddrinfo ENOTFOUND smtp.invalid' }, { outcome: 'temporary', rc: 1, reply: 'EDNS: getaddrinfo ENOTFOUND smtp.invalid' }],
    ['retries what it does not know', new Error('boom'), { outcome: 'temporary', rc: 1, reply: 'boom' }],
    ['survives a thrown string', 'weird', { outcome: 'temporary', rc: 1, reply: 'weird' }],
    [
      'flattens a multi-line reply',
      { responseCode: 550, response: '550-first\r\n550 second' },
      { outcome: 'permanent', rc: 1, reply: '550-first 550 second' },
    ],
  ];
  for (const [name, err, expected] of cases) it(name, () => assert.deepEqual(classifySmtpError(err), expected));
});
