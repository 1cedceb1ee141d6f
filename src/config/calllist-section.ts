/**
 * `[calllist NAME]` of calllist.cf (reference 2.5): members in order, the
 * alert method that reaches them, and how they are chosen: simple (the next
 * member each time), broadcast (everyone) or rotating (one person on call,
 * handed on at the `at` instants of a schedule).
 */
import type { CallList, Person } from './alert-model.js';
import type { Schedule } from './config-model.js';
import type { SectionReader } from './section-reader.js';

export const CALLLIST_KEYS = ['members', 'via', 'rotates using', 'broadcasts to all'] as const;

export interface CallListContext {
  /** Persons that parsed. */
  readonly persons: ReadonlyMap<string, Person>;
  /** Every [person] section name, parsed or not, so a broken person does not also read as undefined. */
  readonly personNames: ReadonlySet<string>;
  readonly alertMethods: ReadonlySet<string>;
  /** Schedules of schedule.cf; undefined when it could not be read (not checked then). */
  readonly schedules?: ReadonlyMap<string, Schedule>;
}

/** Parses a [calllist] section; problems are reported, the list returned anyway. */
export function parseCallListSection(r: SectionReader, name: string, context: CallListContext): CallList {
  if (!r.has('via')) r.report(undefined, 'missing required key "via"', { key: 'via', expected: 'via = <alert>' });
  const via = r.name('via');
  if (via !== undefined && !context.alertMethods.has(via)) r.report(r.entry('via'), `alert ${via} is not defined in calllist.cf`, { expected: 'the name of an [alert] section', found: via });
  const members: string[] = [];
  for (const { name: person, line } of r.names('members')) {
    if (members.includes(person)) r.report(line, `person ${person} is listed twice in this call list`, { key: 'members', found: person });
    else if (!context.personNames.has(person)) r.report(line, `person ${person} is not defined in calllist.cf`, { key: 'members', expected: 'the name of a [person] section', found: person });
    else {
      members.push(person);
      const p = context.persons.get(person);
      if (p !== undefined && via !== undefined && !reachable(p, via)) {
        r.report(line, `person ${person} cannot be reached via ${via}`, { key: 'members', expected: `notify = … via ${via}, or otherwise = …, in [person ${person}]`, found: person });
      }
    }
  }
  if (!r.has('members')) r.report(undefined, 'missing required key "members"', { key: 'members', expected: 'members = <person> …' });
  const rotation = r.name('rotates using');
  const broadcast = r.boolean('broadcasts to all') ?? false;
  if (rotation !== undefined && broadcast) {
    r.report(r.entry('broadcasts to all'), 'a call list either rotates or broadcasts, not both', { expected: 'rotates using = <schedule>, or broadcasts to all = yes' });
  }
  if (rotation !== undefined) checkRotation(r, rotation, context.schedules);
  return {
    name,
    members,
    via: via ?? '',
    mode: rotation !== undefined ? 'rotating' : broadcast ? 'broadcast' : 'simple',
    ...(rotation !== undefined ? { rotation } : {}),
    source: { file: r.file, line: r.line },
  };
}

/** Whether `person` has an address for alert `via` (their own or the fallback). */
export function reachable(person: Person, via: string): boolean {
  return person.addresses.has(via) || person.otherwise !== undefined;
}

/** A rotation schedule must exist and have instants: `at` (or cron) rules; `every` and `never` rules rotate nobody. */
function checkRotation(r: SectionReader, rotation: string, schedules: ReadonlyMap<string, Schedule> | undefined): void {
  if (schedules === undefined) return;
  const schedule = schedules.get(rotation);
  const entry = r.entry('rotates using');
  if (schedule === undefined) r.report(entry, `schedule ${rotation} is not defined in schedule.cf`, { found: rotation });
  else if (!schedule.rules.some((rule) => rule.kind === 'at' || rule.kind === 'cron')) {
    r.report(entry, `schedule ${rotation} has no "at" or "cron" rule, so it never rotates the list`, { expected: 'a schedule with rule = at <time> … (or cron)', found: rotation });
  }
}
