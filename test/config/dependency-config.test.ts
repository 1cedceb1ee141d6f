import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Dependency } from '../../src/config/alert-model.js';
import { findStatusCycles } from '../../src/config/dependency-cycles.js';
import { parseOn } from '../../src/config/dependency-section.js';
import { loadConfig } from '../../src/config/load-config.js';
import { EXAMPLE } from './alerting-fixture.js';
import { writeConfig } from './config-fixture.js';

const source = { file: 'dependency.cf', line: 1 };

function status(name: string, checks: Dependency['checks'], on: string): Dependency {
  return { name, type: 'status', ...(checks ? { checks } : {}), hosts: { kind: 'all' }, on: { check: on }, source };
}

const list = (...names: string[]): Dependency['checks'] => ({ kind: 'list', names });
const all = (...except: string[]): Dependency['checks'] => ({ kind: 'all', except });

async function dependenciesOf(text: string): Promise<readonly Dependency[]> {
  const config = await loadConfig({ prefix: await writeConfig({ ...EXAMPLE, dependency: text }) });
  return config.alerting.dependencies;
}

describe('dependency.cf', () => {
  it('reads every form of hosts, checks and fixes', async () => {
    const deps = await dependenciesOf(`[depend a]
checks = all
except = http
hosts = all
except hosts = web2
on = mysql@db01 status

[depend b]
fixes = all
except fixes = restart-httpd
checks = http
hosts = all
except groups = mysql
on = ping@gateway

[depend c]
fixes = restart-httpd
hosts = web1, web2
on = mysql@db01
`);
    assert.deepEqual(deps.map(({ source: _s, ...d }) => d), [
      { name: 'a', type: 'status', checks: { kind: 'all', except: ['http', 'mysql'] }, hosts: { kind: 'all-except-hosts', hosts: ['web2'] }, on: { check: 'mysql', host: 'db01' } },
      { name: 'b', type: 'live', checks: { kind: 'list', names: ['http'] }, fixes: { kind: 'all', except: ['restart-httpd'] }, hosts: { kind: 'all-except-groups', groups: ['mysql'] }, on: { check: 'ping', host: 'gateway' } },
      { name: 'c', type: 'live', fixes: { kind: 'list', names: ['restart-httpd'] }, hosts: { kind: 'hosts', hosts: ['web1', 'web2'] }, on: { check: 'mysql', host: 'db01' } },
    ]);
  });

  it('leaves a Type I dependency check out of all checks once, even when excepted by hand', async () => {
    const deps = await dependenciesOf('[depend a]\nchecks = all\nexcept = ping http\nhosts = all\non = ping status\n');
    assert.deepEqual(deps[0]?.checks, { kind: 'all', except: ['ping', 'http'] });
  });

  it('lets a check wait for its own status on another host', async () => {
    const deps = await dependenciesOf('[depend a]\nchecks = ping\nhosts = web1 web2\non = ping@db01 status\n');
    assert.deepEqual(deps[0]?.on, { check: 'ping', host: 'db01' });
  });

  it('does not count Type II dependencies as cycles: the maximum bounds them at run time', async () => {
    const deps = await dependenciesOf('[depend a]\nchecks = http\nhosts = all\non = mysql@db01\n[depend b]\nchecks = mysql\nhosts = all\non = http@web1\n');
    assert.equal(deps.length, 2);
  });

  it('accepts maximum 0 (unbounded)', async () => {
    const config = await loadConfig({ prefix: await writeConfig({ ...EXAMPLE, dependency: '[dependencies]\nmaximum = 0\n' }) });
    assert.equal(config.alerting.maxDependencies, 0);
  });
});

describe('on = …', () => {
  const table: [string, unknown][] = [
    ['ping status', { type: 'status', check: 'ping' }],
    ['ping@gw status', { type: 'status', check: 'ping', host: 'gw' }],
    ['ping@gw STATUS', { type: 'status', check: 'ping', host: 'gw' }],
    ['mysql@db01', { type: 'live', check: 'mysql', host: 'db01' }],
    ['mysql@db@x', { type: 'live', check: 'mysql', host: 'db@x' }],
    ['mysql', undefined],
    ['ping@ status', undefined],
    ['@gw status', undefined],
    ['ping gw status', undefined],
    ['', undefined],
  ];
  for (const [text, want] of table) {
    it(`reads ${JSON.stringify(text)} as ${want === undefined ? 'a problem' : JSON.stringify(want)}`, () => {
      const got = parseOn(text);
      if (want === undefined) assert.ok('problem' in got, JSON.stringify(got));
      else assert.deepEqual(got, { value: want });
    });
  }
});

describe('Type I dependency cycles', () => {
  const checks = ['ping', 'http', 'mysql', 'disk'];

  it('finds none in a chain', () => {
    assert.deepEqual(findStatusCycles([status('a', list('http'), 'mysql'), status('b', list('mysql'), 'ping')], checks), []);
  });

  it('finds a mutual pair, naming both dependencies', () => {
    const a = status('a', list('http'), 'mysql');
    const b = status('b', list('mysql'), 'http');
    const [cycle, ...more] = findStatusCycles([a, b], checks);
    assert.deepEqual(more, []);
    assert.deepEqual(cycle?.checks, ['http', 'mysql', 'http']);
    assert.deepEqual(cycle?.dependencies.map((d) => d.name), ['a', 'b']);
  });

  it('finds a longer cycle through all checks', () => {
    const [cycle] = findStatusCycles([status('a', all('ping'), 'ping'), status('b', list('ping'), 'disk')], checks);
    assert.deepEqual(cycle?.checks, ['ping', 'disk', 'ping']);
  });

  it('ignores self edges and Type II dependencies', () => {
    const live: Dependency = { name: 'l', type: 'live', checks: list('mysql'), hosts: { kind: 'all' }, on: { check: 'http', host: 'x' }, source };
    assert.deepEqual(findStatusCycles([status('a', list('http', 'ping'), 'ping'), status('b', list('http'), 'mysql'), live], checks), []);
  });

  it('reports a cycle exactly when the check graph has one', () => {
    const edge = fc.tuple(fc.constantFrom(...checks), fc.constantFrom(...checks));
    fc.assert(
      fc.property(fc.array(edge, { maxLength: 8 }), (edges) => {
        const deps = edges.map(([from, to], i) => status(`d${i}`, list(from), to));
        const graph = new Map<string, Set<string>>();
        for (const [from, to] of edges) if (from !== to) graph.set(from, (graph.get(from) ?? new Set()).add(to));
        // Reachability by repeated expansion: a cycle is a check that reaches itself.
        const reaches = (start: string): Set<string> => {
          const seen = new Set<string>();
          const todo = [...(graph.get(start) ?? [])];
          for (let n = todo.pop(); n !== undefined; n = todo.pop()) {
            if (seen.has(n)) continue;
            seen.add(n);
            todo.push(...(graph.get(n) ?? []));
          }
          return seen;
        };
        const hasCycle = checks.some((c) => reaches(c).has(c));
        const cycles = findStatusCycles(deps, checks);
        assert.equal(cycles.length > 0, hasCycle);
        for (const cycle of cycles) {
          assert.equal(cycle.checks[0], cycle.checks.at(-1));
          for (let i = 0; i + 1 < cycle.checks.length; i++) assert.ok(graph.get(cycle.checks[i] ?? '')?.has(cycle.checks[i + 1] ?? ''));
        }
      }),
      { numRuns: 300 },
    );
  });
});
