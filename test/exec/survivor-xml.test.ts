import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSurvivorXmlOutput, survivorCheckData } from '../../src/exec/survivor-xml.js';

const doc = (inner: string): string => `<?xml version="1.0" encoding="iso-8859-1"?>\n<SurvivorCheckResult Version="1.1">\n${inner}\n</SurvivorCheckResult>\n`;

describe('survivor-xml protocol', () => {
  it('writes hosts, the timeout in whole seconds and options (lists as repeated values), escaped', () => {
    const xml = survivorCheckData(['web01', 'a&b'], 4500, { service: 'http', ports: ['80', '443'], quote: '<"x">' });
    assert.equal(xml, [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<SurvivorCheckData Version="1.0">',
      '  <Host>web01</Host>',
      '  <Host>a&amp;b</Host>',
      '  <Timeout>5</Timeout>',
      '  <ModuleOption OptionName="service"><OptionValue>http</OptionValue></ModuleOption>',
      '  <ModuleOption OptionName="ports"><OptionValue>80</OptionValue><OptionValue>443</OptionValue></ModuleOption>',
      '  <ModuleOption OptionName="quote"><OptionValue>&lt;&quot;x&quot;&gt;</OptionValue></ModuleOption>',
      '</SurvivorCheckData>',
      '',
    ].join('\n'));
  });

  it('reads one result per document, splitting at the closing tag', () => {
    const stdout = doc('<Host>a</Host><ReturnCode>2</ReturnCode><Scalar>-7</Scalar><Comment>low &amp; slow &#233;</Comment><Duration>83</Duration>')
      + doc('<Host>b</Host><ReturnCode>0</ReturnCode><Scalar>1</Scalar><Comment><![CDATA[<raw>]]></Comment>');
    assert.deepEqual(Object.fromEntries(parseSurvivorXmlOutput(stdout, ['a', 'b'])), {
      a: { rc: 2, scalar: -7, comment: 'low & slow é', duration: 83 },
      b: { rc: 0, scalar: 1, comment: '<raw>' },
    });
  });

  it('ignores unknown and repeated hosts and an unfinished last document', () => {
    const stdout = doc('<Host>x</Host><ReturnCode>0</ReturnCode>') + doc('<Host>a</Host><ReturnCode>0</ReturnCode>')
      + doc('<Host>a</Host><ReturnCode>1</ReturnCode>') + '<SurvivorCheckResult Version="1.1"><Host>b</Host><ReturnCode>0</ReturnCode>';
    assert.deepEqual(Object.fromEntries(parseSurvivorXmlOutput(stdout, ['a', 'b'])), { a: { rc: 0, scalar: 0, comment: '' } });
  });

  it('gives MISCONFIG for a missing or invalid return code', () => {
    const stdout = doc('<Host>a</Host><ReturnCode>1001</ReturnCode><Comment>big</Comment>') + doc('<Host>b</Host>');
    assert.deepEqual(Object.fromEntries(parseSurvivorXmlOutput(stdout, ['a', 'b'])), {
      a: { rc: 4, scalar: 0, comment: 'Module returned invalid return code 1001: big' },
      b: { rc: 4, scalar: 0, comment: 'Module returned no return code' },
    });
  });
});
