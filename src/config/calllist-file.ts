/**
 * calllist.cf (reference 2.5): `[alert NAME]` (a format + transmit pairing),
 * `[person NAME]`, `[calllist NAME]` and call-list `[alias NAME]` sections,
 * in any order. The file is optional: without it there are no call lists.
 * Whether format and transmit modules exist is checked by alert-method-modules.ts.
 */
import type { AlertMethod, CallList, Person } from './alert-model.js';
import { type AlertModuleUse, isBuiltIn } from './alert-method-modules.js';
import { resolveCallListAliases } from './calllist-alias.js';
import { CALLLIST_KEYS, parseCallListSection } from './calllist-section.js';
import type { ConfigProblem } from './config-error.js';
import type { Schedule } from './config-model.js';
import type { IniDocument } from './ini-reader.js';
import { PERSON_KEYS, parsePersonSection } from './person-section.js';
import { SectionReader, knownSections, sectionNames } from './section-reader.js';

export const CALLLIST_FILE_SECTIONS = { alert: true, person: true, calllist: true, alias: true } as const;
export const ALERT_METHOD_KEYS = ['format', 'transmit'] as const;

export interface CallListFile {
  readonly alertMethods: Map<string, AlertMethod>;
  readonly persons: Map<string, Person>;
  /** Lists in file order, then aliases in file order. */
  readonly callLists: Map<string, CallList>;
  /** Formats and transmitters that are not built in, to look up in the module directory. */
  readonly modules: readonly AlertModuleUse[];
}

export interface CallListFileContext {
  /** Schedules of schedule.cf; undefined when it could not be read (not checked then). */
  readonly schedules?: ReadonlyMap<string, Schedule>;
}

/** Parses calllist.cf, reporting every problem; never throws. */
export function parseCallListFile(doc: IniDocument, context: CallListFileContext, problems: ConfigProblem[]): CallListFile {
  const sections = knownSections(doc, CALLLIST_FILE_SECTIONS, problems);
  const ofType = (type: string): typeof sections => sections.filter((s) => s.type === type);
  const alertMethods = new Map<string, AlertMethod>();
  const modules: AlertModuleUse[] = [];
  for (const section of ofType('alert')) {
    const name = section.name ?? '';
    const r = new SectionReader(doc.file, section, { keys: ALERT_METHOD_KEYS }, problems);
    for (const key of ALERT_METHOD_KEYS) {
      if (!r.has(key)) r.report(undefined, `missing required key "${key}"`, { key, expected: key === 'format' ? 'format = full | compact | sms | <module>' : 'transmit = mail | <module>' });
    }
    const format = r.name('format');
    const transmit = r.name('transmit');
    for (const [kind, module] of [['format', format], ['transmit', transmit]] as const) {
      if (module !== undefined && !isBuiltIn(kind, module)) modules.push({ kind, module, file: doc.file, section: r.title, line: r.entry(kind)?.line ?? r.line });
    }
    if (format !== undefined && transmit !== undefined && !alertMethods.has(name)) {
      alertMethods.set(name, { name, format, transmit, source: { file: doc.file, line: section.line } });
    }
  }
  const methodNames = sectionNames(doc, ['alert']);
  const persons = new Map<string, Person>();
  for (const section of ofType('person')) {
    const person = parsePersonSection(new SectionReader(doc.file, section, { keys: PERSON_KEYS }, problems), section.name ?? '', methodNames);
    if (!persons.has(person.name)) persons.set(person.name, person);
  }
  const callLists = new Map<string, CallList>();
  const listContext = { persons, personNames: sectionNames(doc, ['person']), alertMethods: methodNames, ...(context.schedules ? { schedules: context.schedules } : {}) };
  for (const section of ofType('calllist')) {
    const list = parseCallListSection(new SectionReader(doc.file, section, { keys: CALLLIST_KEYS }, problems), section.name ?? '', listContext);
    if (!callLists.has(list.name)) callLists.set(list.name, list);
  }
  resolveCallListAliases(doc.file, ofType('alias'), callLists, { persons, alertMethods: methodNames }, problems);
  return { alertMethods, persons, callLists, modules };
}
