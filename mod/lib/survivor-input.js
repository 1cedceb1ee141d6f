#!/usr/bin/env node
/**
 * Flattens the batch input on stdin into tab-separated lines for survivor.sh:
 *   service<TAB>NAME      timeout<TAB>SECONDS (absent when unlimited)
 *   host<TAB>NAME         one per host
 *   option<TAB>NAME<TAB>VALUE   one per value (lists repeat the line)
 *   misconfig<TAB>REASON  when the options do not fit the manifest
 * Usage: survivor-input.js [MANIFEST] < input.json. Options are typed and
 * defaulted against MANIFEST when given (booleans print as yes/no).
 * Exits 4 (MISCONFIG) with a message on stderr when the input has no hosts.
 */
import { readBatchInput, InputError } from './batch-input.js';
import { CheckError } from './check-error.js';
import { readManifest } from './manifest.js';
import { typedOptions } from './typed-options.js';

const oneLine = (value) => String(value).replace(/[\r\n]+/g, ' ');
const shown = (value) => (typeof value === 'boolean' ? (value ? 'yes' : 'no') : typeof value === 'object' && value?.text ? value.text : value);

let input;
try {
  input = await readBatchInput(process.stdin);
} catch (error) {
  if (!(error instanceof InputError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(4);
}
const lines = [`service\t${oneLine(input.service)}`];
if (Number.isFinite(input.timeoutMs)) lines.push(`timeout\t${input.timeoutMs / 1000}`);
for (const host of input.hosts) lines.push(`host\t${oneLine(host)}`);
try {
  if (input.version !== 1) throw new CheckError(4, `unsupported input version ${input.version} (this module speaks version 1)`);
  const options = typedOptions(input.options, process.argv[2] ? readManifest(process.argv[2]) : undefined);
  for (const [name, value] of Object.entries(options)) {
    for (const item of Array.isArray(value) ? value : [value]) lines.push(`option\t${name}\t${oneLine(shown(item))}`);
  }
} catch (error) {
  lines.push(`misconfig\t${oneLine(error.message)}`);
}
process.stdout.write(`${lines.join('\n')}\n`);
