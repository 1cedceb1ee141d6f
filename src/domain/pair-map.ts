/**
 * Maps and sets keyed by service and host, one inner map per service. The
 * daemon looks pairs up several times per check: a flat map would need a
 * `service\0host` string built for every lookup and kept for every entry
 * (100,000 pairs: ~3 MB of keys, and garbage at every check).
 */
export class PairMap<V> {
  readonly #services = new Map<string, Map<string, V>>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  get(service: string, host: string): V | undefined {
    return this.#services.get(service)?.get(host);
  }

  has(service: string, host: string): boolean {
    return this.#services.get(service)?.has(host) === true;
  }

  set(service: string, host: string, value: V): this {
    let hosts = this.#services.get(service);
    if (hosts === undefined) this.#services.set(service, (hosts = new Map<string, V>()));
    const before = hosts.size;
    hosts.set(host, value);
    this.#size += hosts.size - before;
    return this;
  }

  delete(service: string, host: string): boolean {
    const hosts = this.#services.get(service);
    if (hosts?.delete(host) !== true) return false;
    this.#size--;
    if (hosts.size === 0) this.#services.delete(service);
    return true;
  }

  /** [service, host, value] in insertion order per service. Deleting the entry just visited is safe. */
  *entries(): IterableIterator<[string, string, V]> {
    for (const [service, hosts] of this.#services) for (const [host, value] of hosts) yield [service, host, value];
  }
}

/** A set of pairs (PairMap says why not a set of key strings). */
export class PairSet {
  readonly #pairs = new PairMap<true>();

  get size(): number {
    return this.#pairs.size;
  }

  has(service: string, host: string): boolean {
    return this.#pairs.has(service, host);
  }

  add(service: string, host: string): this {
    this.#pairs.set(service, host, true);
    return this;
  }

  delete(service: string, host: string): boolean {
    return this.#pairs.delete(service, host);
  }
}
