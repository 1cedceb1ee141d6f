/**
 * The batch protocol's input document, read from stdin:
 * {"version":1,"service":"disk","hosts":["a","b"],"timeout":45,"options":{…}}
 */

/** The input cannot be used at all (no hosts to answer for): the module exits MISCONFIG. */
export class InputError extends Error {
  constructor(message) {
    super(message);
    this.name = 'InputError';
  }
}

/**
 * Reads the whole stream and returns { version, service, hosts, timeoutMs, options, document }:
 * hosts without duplicates, timeoutMs = timeout × 1000 or Infinity when absent
 * (1.0: no timeout = unlimited), document = the whole parsed input. Throws InputError when the document is not
 * JSON or has no host list.
 */
export async function readBatchInput(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return parseBatchInput(Buffer.concat(chunks).toString('utf8'));
}

/** parseBatchInput(text): as readBatchInput, from a string. */
export function parseBatchInput(text) {
  let document;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new InputError(`stdin is not a JSON document (${error.message.replace(/\s+/g, ' ')})`);
  }
  if (!document || typeof document !== 'object' || Array.isArray(document)) {
    throw new InputError('stdin is not a JSON object');
  }
  const { hosts } = document;
  if (!Array.isArray(hosts) || !hosts.every((host) => typeof host === 'string' && host !== '')) {
    throw new InputError('stdin has no "hosts" list of host names');
  }
  const timeout = typeof document.timeout === 'string' ? Number(document.timeout) : document.timeout;
  return {
    version: document.version ?? 1,
    service: typeof document.service === 'string' ? document.service : '',
    hosts: [...new Set(hosts)],
    timeoutMs: typeof timeout === 'number' && Number.isFinite(timeout) && timeout >= 0 ? timeout * 1000 : Infinity,
    options: document.options ?? {},
    document,
  };
}
