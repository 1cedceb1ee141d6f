/**
 * The batch protocol's driver: a module supplies a function that checks one
 * host; runBatch reads stdin, types the options against the module's manifest,
 * checks hosts concurrently, prints each result line as soon as it is known,
 * answers TIMEDOUT for hosts still pending just before the timeout, and exits 0.
 */
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readBatchInput, InputError } from './batch-input.js';
import { CheckError, errorResult, misconfig } from './check-error.js';
import { ownManifestPath, readManifest } from './manifest.js';
import { resultLine } from './result-line.js';
import { RC, isValidRc } from './return-code.js';
import { typedOptions } from './typed-options.js';
import { runValidation } from './run-validation.js';

/**
 * How long before the timeout the module stops waiting: 10 % of it, at least
 * 250 ms and at most 2 s, so the lines are out before the scheduler's SIGTERM.
 */
export function deadlineMargin(timeoutMs) {
  return Math.min(2000, Math.max(250, timeoutMs * 0.1));
}

/**
 * Runs a batch check module and exits the process.
 *
 * check(host, options, ctx) → Promise<{ rc, scalar?, comment?, duration? }>:
 *   options are typed (see typed-options.js) or what `prepare` returned;
 *   ctx = { service, hosts, timeoutMs, signal (aborted at the deadline), remaining() (ms left, Infinity
 *   when unlimited), input (the whole input document) }. Throwing CheckError/MisconfigError chooses the result; other exceptions
 *   become PROBLEM (or MISCONFIG for TypeError and friends: module defects).
 * settings:
 *   concurrency  hosts checked at once (default 16)
 *   validate     async () → comment for `-v` (default "<Name> OK"); throw to fail validation
 *   prepare      async (typedOptions, ctx) → what check() receives as options; throw
 *                MisconfigError to answer MISCONFIG for every host (compile regexes here)
 *   manifest     path of the manifest, false for none (default: `<module>.ini` if it exists)
 */
export async function runBatch(check, settings = {}) {
  const { concurrency = 16, validate, prepare, manifest = ownManifestPath() } = settings;
  process.stdout.on('error', () => process.exit(1));
  if (process.argv.slice(2).includes('-v')) return runValidation(validate, manifest);

  let input;
  try {
    input = await readBatchInput(process.stdin);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    process.stderr.write(`${moduleName()}: ${error.message}\n`);
    process.exit(RC.MISCONFIG);
  }
  const batch = new Batch(input);
  try {
    if (input.version !== 1) throw misconfig(`unsupported input version ${input.version} (this module speaks version 1)`);
    const typed = typedOptions(input.options, manifest ? readManifest(manifest) : undefined);
    await batch.run(async () => (prepare ? prepare(typed, batch.ctx) : typed), check, concurrency);
  } catch (error) {
    // Options and preparation concern every host alike; only an explicit CheckError picks another rc.
    const result = error instanceof CheckError ? errorResult(error) : { ...errorResult(error), rc: RC.MISCONFIG };
    for (const host of input.hosts) batch.report(host, result);
  }
  process.stdout.write('', () => process.exit(0));
}

/** One run over the hosts: who is pending, the deadline, and the output. */
class Batch {
  constructor(input) {
    this.hosts = input.hosts;
    this.reported = new Set();
    this.started = new Map();
    const controller = new AbortController();
    const deadline = input.timeoutMs - deadlineMargin(input.timeoutMs);
    this.remaining = () => Math.max(0, deadline - performance.now());
    this.ctx = Object.freeze({
      service: input.service,
      hosts: input.hosts,
      timeoutMs: input.timeoutMs,
      signal: controller.signal,
      remaining: this.remaining,
      input: input.document,
    });
    this.stop = () => controller.abort(new Error('deadline reached'));
    this.expire = () => {
      this.stop();
      const seconds = Math.round(input.timeoutMs / 100) / 10;
      for (const host of this.hosts) {
        const since = this.started.get(host) ?? 0;
        this.report(host, { rc: RC.TIMEDOUT, scalar: 0, comment: `Timed out (no answer within the ${seconds} s timeout)`, duration: performance.now() - since });
      }
    };
  }

  /** Prints the line for `host` unless it was already reported. */
  report(host, result) {
    if (this.reported.has(host)) return;
    this.reported.add(host);
    process.stdout.write(resultLine(host, result));
  }

  /**
   * Prepares the options, then checks every host with them, at most
   * `concurrency` at once, until done or the deadline (which covers both).
   * Rejects when preparing fails before the deadline.
   */
  async run(prepareOptions, check, concurrency) {
    if (this.remaining() === 0) return this.expire();
    const queue = [...this.hosts];
    const worker = async (options) => {
      for (let host = queue.shift(); host !== undefined; host = queue.shift()) {
        if (this.ctx.signal.aborted) return;
        const start = performance.now();
        this.started.set(host, start);
        let result;
        try {
          result = normalise(await check(host, options, this.ctx));
        } catch (error) {
          result = errorResult(error);
        }
        this.report(host, { ...result, duration: result.duration ?? performance.now() - start });
      }
    };
    const work = (async () => {
      const options = await prepareOptions();
      const count = Math.max(1, Math.min(concurrency, queue.length));
      await Promise.all(Array.from({ length: count }, () => worker(options)));
    })();
    let timer;
    const deadline = Number.isFinite(this.remaining())
      ? new Promise((resolve) => (timer = setTimeout(resolve, this.remaining())))
      : new Promise(() => {});
    work.catch(() => {}); // a failure after the deadline changes nothing: every host has its line
    try {
      await Promise.race([work, deadline]);
    } catch (error) {
      this.stop();
      throw error;
    } finally {
      clearTimeout(timer);
    }
    this.expire();
  }
}

function normalise(result) {
  if (!result || typeof result !== 'object') return { rc: RC.MISCONFIG, scalar: 0, comment: 'module returned no result' };
  if (!isValidRc(result.rc)) return { rc: RC.MISCONFIG, scalar: 0, comment: `module returned an invalid return code ${JSON.stringify(result.rc)}` };
  return result;
}

function moduleName() {
  return basename(process.argv[1] ?? 'module');
}
