import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nagiosCommand } from '../../src/exec/nagios-command.js';

describe('nagiosCommand', () => {
  const options = { port: 8080, 'max-age': '5 minutes', verbose: true, codes: ['200', '301'] as const, msg: 'a b  c' };
  const cases: { template: string[]; expected: string[] }[] = [
    { template: ['/p/check_tcp', '-H', '$HOST', '-p', '$port'], expected: ['/p/check_tcp', '-H', 'web01', '-p', '8080'] },
    { template: ['--url=http://$HOST:${port}/'], expected: ['--url=http://web01:8080/'] },
    { template: ['-s', '$SERVICE', '-a', '${max-age}'], expected: ['-s', 'http', '-a', '5 minutes'] },
    { template: ['-m', '$msg'], expected: ['-m', 'a b  c'] },
    { template: ['-e', '$codes', '-v', '$verbose'], expected: ['-e', '200,301', '-v', 'true'] },
    { template: ['cost$$', '$unknown', 'end$'], expected: ['cost$', '$unknown', 'end$'] },
    { template: ['$HOSTNAME'], expected: ['$HOSTNAME'] },
  ];
  for (const c of cases) {
    it(`substitutes ${JSON.stringify(c.template)} without re-splitting values`, () => {
      assert.deepEqual(nagiosCommand(c.template, 'web01', 'http', options), c.expected);
    });
  }
});
