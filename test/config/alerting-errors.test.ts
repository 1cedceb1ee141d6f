import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, type ConfigProblem } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';
import { EXAMPLE } from './alerting-fixture.js';
import { writeConfig } from './config-fixture.js';

type FileKey = 'schedule' | 'calllist' | 'dependency' | 'host' | 'check';

interface ErrorCase {
  readonly name: string;
  /** The file that is replaced and where the problem is expected. */
  readonly in: FileKey;
  readonly text: string;
  /** The problem's line: the LAST line containing this text, so markers may repeat the example's lines. */
  readonly at: string;
  readonly section?: string;
  readonly key?: string;
  readonly message: string;
}

function lineOf(text: string, at: string): number {
  const index = text.split('\n').findLastIndex((l) => l.includes(at));
  assert.ok(index >= 0, `marker ${JSON.stringify(at)} not in the case's text`);
  return index + 1;
}

const S = EXAMPLE.schedule;
const C = EXAMPLE.calllist;
const D = EXAMPLE.dependency;
/** schedule.cf with one more plan `x`. */
const plan = (body: string): string => `${S}\n[alertplan x]\n${body}`;
/** A valid try body to complete a plan. */
const OK = 'on = default\nusing = always\ntry\nalert = managers\n';
const alias = (body: string): string => `${S}\n[alias x]\n${body}`;
const depend = (body: string): string => `${D}\n[depend x]\n${body}`;

const cases: ErrorCase[] = [
  // schedule.cf: alert plans
  { name: 'an unknown plan key', in: 'schedule', text: plan(`${OK}colour = red\n`), at: 'colour', section: 'alertplan x', key: 'colour', message: 'unknown key' },
  { name: 'a try that neither alerts nor fixes', in: 'schedule', text: plan('on = default\nusing = always\ntry = 7 times\n'), at: 'try = 7 times', section: 'alertplan x', key: 'try', message: 'must alert or attempt a fix' },
  { name: 'a try that alerts and fixes', in: 'schedule', text: plan('on = default\nusing = always\ntry = 7 times\nalert = managers\nattempt fix = yes\n'), at: 'try = 7', section: 'alertplan x', key: 'try', message: 'either alerts or attempts a fix' },
  { name: 'tell without attempt fix', in: 'schedule', text: plan(`${OK}tell = managers\n`), at: 'tell = managers', section: 'alertplan x', key: 'tell', message: 'only for tries that attempt a fix' },
  { name: 'tell with attempt fix = no', in: 'schedule', text: plan(`${OK}attempt fix = no\ntell = managers\n`), at: 'tell = managers', section: 'alertplan x', key: 'tell', message: 'only for tries that attempt a fix' },
  { name: 'an invalid return value', in: 'schedule', text: plan(OK.replace('on = default', 'on = return values 1 8')), at: 'values 1 8', section: 'alertplan x', key: 'on', message: '"8" is not a valid return code' },
  { name: 'a return value over 1000', in: 'schedule', text: plan(OK.replace('on = default', 'on = return value 1001')), at: '1001', section: 'alertplan x', key: 'on', message: 'not a valid return code' },
  { name: 'a return value listed twice', in: 'schedule', text: plan(OK.replace('on = default', 'on = return values 2, 2')), at: '2, 2', section: 'alertplan x', key: 'on', message: 'listed twice' },
  { name: 'an undefined return group', in: 'schedule', text: plan(OK.replace('on = default', 'on = returngroup nope')), at: 'nope', section: 'alertplan x', key: 'on', message: 'return group nope is not defined' },
  { name: 'an unknown return stanza', in: 'schedule', text: plan(OK.replace('on = default', 'on = sometimes')), at: 'sometimes', section: 'alertplan x', key: 'on', message: 'unknown return stanza' },
  { name: 'after outside a return stanza', in: 'schedule', text: plan(`after = 4\n${OK}`), at: 'after = 4', section: 'alertplan x', key: 'after', message: 'belongs to a return stanza' },
  { name: 'after zero check failures', in: 'schedule', text: plan(`${OK}after = 0 check failures\n`), at: 'after = 0', section: 'alertplan x', key: 'after', message: 'not a count of check failures' },
  { name: 'after twice in a return stanza', in: 'schedule', text: plan(`on = default\nafter = 3\nafter = 4\nusing = always\ntry\nalert = managers\n`), at: 'after = 4', section: 'alertplan x', key: 'after', message: `already has "after" (line ${lineOf(plan('on = default\nafter = 3\n'), 'after = 3')})` },
  { name: 'using outside a return stanza', in: 'schedule', text: plan(`using = hourly\n${OK}`), at: 'using = hourly', section: 'alertplan x', key: 'using', message: 'inside a return stanza' },
  { name: 'an undefined plan schedule', in: 'schedule', text: plan(OK.replace('using = always', 'using = nope')), at: 'using = nope', section: 'alertplan x', key: 'using', message: 'schedule nope is not defined' },
  { name: 'two schedules in one using', in: 'schedule', text: plan(OK.replace('using = always', 'using = always hourly')), at: 'using = always hourly', section: 'alertplan x', key: 'using', message: 'exactly one name' },
  { name: 'try outside a schedule stanza', in: 'schedule', text: plan('on = default\ntry = 7 times\n'), at: 'try = 7', section: 'alertplan x', key: 'try', message: 'inside a schedule stanza' },
  { name: 'a try after the remaining try', in: 'schedule', text: plan(`${OK}try = 7 times\nalert = managers\n`), at: 'try = 7', section: 'alertplan x', key: 'try', message: 'never reached' },
  { name: 'a bad try count', in: 'schedule', text: plan(`${OK.replace('try\n', 'try = 0 times\n')}`), at: 'try = 0', section: 'alertplan x', key: 'try', message: 'not a try count' },
  { name: 'alert outside a try', in: 'schedule', text: plan('on = default\nusing = always\nalert = managers\n'), at: 'alert = managers', section: 'alertplan x', key: 'alert', message: 'belongs to a try' },
  { name: 'an undefined call list', in: 'schedule', text: plan(OK.replace('alert = managers', 'alert = managers nobody')), at: 'nobody', section: 'alertplan x', key: 'alert', message: 'call list nobody is not defined in calllist.cf' },
  { name: 'a call list twice in a try', in: 'schedule', text: plan(`${OK}alert = managers\n`), at: 'alert = managers', section: 'alertplan x', key: 'alert', message: 'listed twice in this try' },
  { name: 'a bad attempt fix', in: 'schedule', text: plan('on = default\nusing = always\ntry\nattempt fix = maybe\n'), at: 'maybe', section: 'alertplan x', key: 'attempt fix', message: 'unknown value' },
  { name: 'attempt fix twice in a try', in: 'schedule', text: plan('on = default\nusing = always\ntry\nattempt fix = yes\nattempt fix = if defined\n'), at: 'if defined', section: 'alertplan x', key: 'attempt fix', message: 'already has "attempt fix"' },
  { name: 'a bad allow failed hosts', in: 'schedule', text: plan(`${OK}allow failed hosts = some\n`), at: 'some', section: 'alertplan x', key: 'allow failed hosts', message: 'not a count of hosts' },
  { name: 'an undefined degraded-mode schedule', in: 'schedule', text: plan(`${OK}allow failed hosts = 2 during nope\n`), at: 'during nope', section: 'alertplan x', key: 'allow failed hosts', message: 'schedule nope is not defined' },
  { name: 'a bad flag escalated', in: 'schedule', text: plan(`${OK}flag escalated = perhaps\n`), at: 'perhaps', section: 'alertplan x', key: 'flag escalated', message: 'not a boolean' },
  { name: 'a plan without return stanza', in: 'schedule', text: plan('notify on clear = yes\n'), at: '[alertplan x]', section: 'alertplan x', key: 'on', message: 'at least one return stanza' },
  { name: 'a return stanza without schedule stanza', in: 'schedule', text: plan(`on = return value 3\n${OK}`), at: 'on = return value 3', section: 'alertplan x', key: 'on', message: 'at least one schedule stanza' },
  { name: 'a schedule stanza without try', in: 'schedule', text: plan(`on = default\nusing = hourly\n${OK}`), at: 'using = hourly', section: 'alertplan x', key: 'using', message: 'at least one try' },
  { name: 'a bad notify on clear', in: 'schedule', text: plan(`${OK}notify on clear = sometimes\n`), at: 'sometimes', section: 'alertplan x', key: 'notify on clear', message: 'unknown value' },
  { name: 'an undefined notify-on-clear schedule', in: 'schedule', text: plan(`${OK}notify on clear = using nope\n`), at: 'using nope', section: 'alertplan x', key: 'notify on clear', message: 'schedule nope is not defined' },
  { name: 'a bad clear state', in: 'schedule', text: plan(`${OK}clear state = never\n`), at: 'never', section: 'alertplan x', key: 'clear state', message: 'unknown value' },
  { name: 'a bad rc in clear state', in: 'schedule', text: plan(`${OK}clear state = not on return values 2 12\n`), at: '2 12', section: 'alertplan x', key: 'clear state', message: '"12" is not a valid return code' },
  { name: 'an undefined honored return group', in: 'schedule', text: plan(`${OK}clear state honors returngroups = bad nope\n`), at: 'bad nope', section: 'alertplan x', key: 'clear state honors returngroups', message: 'return group nope is not defined' },
  { name: 'all among honored return groups', in: 'schedule', text: plan(`${OK}clear state honors returngroups = all bad\n`), at: 'all bad', section: 'alertplan x', key: 'clear state honors returngroups', message: '"all" stands alone' },
  { name: 'a repeated plan-wide key', in: 'schedule', text: plan(`${OK}notify on clear = yes\nnotify on clear = no\n`), at: 'notify on clear = no', section: 'alertplan x', key: 'notify on clear', message: 'more than once' },
  { name: 'a bare key that needs a value', in: 'schedule', text: plan(`${OK.replace('using = always', 'using')}`), at: 'using', section: 'alertplan x', key: 'using', message: 'missing value' },

  // schedule.cf: defaults, alerting, return groups, aliases
  { name: 'an unknown [defaults] key', in: 'schedule', text: `${S}\n[defaults]\nthrottle = 5\n`, at: 'throttle = 5', section: 'defaults', key: 'throttle', message: 'unknown key' },
  { name: 'a bad default after', in: 'schedule', text: `${S}\n[defaults]\nafter = twice\n`, at: 'twice', section: 'defaults', key: 'after', message: 'not a count of check failures' },
  { name: 'a negative throttle', in: 'schedule', text: S.replace('throttle = 20', 'throttle = -1'), at: 'throttle', section: 'alerting', key: 'throttle', message: 'not a whole number in range' },
  { name: 'a bad alert shift', in: 'schedule', text: S.replace('alert shift = 2 minutes', 'alert shift = soon'), at: 'alert shift', section: 'alerting', key: 'alert shift', message: 'not an interval' },
  { name: 'a second [alerting]', in: 'schedule', text: `${S}\n[alerting]\nthrottle = 5\n`, at: '[alerting]', section: 'alerting', message: 'more than once (first at line 1)' },
  { name: 'a named [alerting]', in: 'schedule', text: `${S}\n[alerting x]\n`, at: '[alerting x]', section: 'alerting x', message: 'takes no name' },
  { name: 'a return group without values', in: 'schedule', text: `${S}\n[returngroup empty]\n`, at: '[returngroup empty]', section: 'returngroup empty', key: 'return values', message: 'missing required key' },
  { name: 'an invalid rc in a return group', in: 'schedule', text: `${S}\n[returngroup g]\nreturn values = 1 9\n`, at: '1 9', section: 'returngroup g', key: 'return values', message: '"9" is not a valid return code' },
  { name: 'an rc twice in a return group', in: 'schedule', text: `${S}\n[returngroup g]\nreturn values = 1\nreturn values = 2 1\n`, at: '2 1', section: 'returngroup g', key: 'return values', message: 'return value 1 is listed twice' },
  { name: 'the reserved return group all', in: 'schedule', text: `${S}\n[returngroup all]\nreturn values = 1\n`, at: '[returngroup all]', section: 'returngroup all', message: 'reserved' },
  { name: 'an unknown schedule.cf section', in: 'schedule', text: `${S}\n[alert-plan x]\n`, at: '[alert-plan x]', section: 'alert-plan x', message: 'unknown section type' },
  { name: 'a plan alias without plan', in: 'schedule', text: alias('adding = managers\n'), at: '[alias x]', section: 'alias x', key: 'alert plan', message: 'missing required key' },
  { name: 'a plan alias that replaces and adds', in: 'schedule', text: alias('alert plan = paging\nreplacing = managers with oncall-mail\nadding = managers\n'), at: 'adding', section: 'alias x', key: 'adding', message: 'not both' },
  { name: 'a plan alias that changes nothing', in: 'schedule', text: alias('alert plan = paging\n'), at: '[alias x]', section: 'alias x', key: 'replacing', message: 'needs "replacing" or "adding"' },
  { name: 'a malformed replacement', in: 'schedule', text: alias('alert plan = paging\nreplacing = managers oncall-mail\n'), at: 'replacing', section: 'alias x', key: 'replacing', message: 'not a replacement' },
  { name: 'a replacement of a list the plan does not use', in: 'schedule', text: alias('alert plan = mailonly\nreplacing = managers with oncall-mail\n'), at: 'replacing', section: 'alias x', key: 'replacing', message: 'call list managers does not appear in alert plan mailonly' },
  { name: 'a replacement by an undefined list', in: 'schedule', text: alias('alert plan = paging\nreplacing = managers with nobody\n'), at: 'replacing', section: 'alias x', key: 'replacing', message: 'call list nobody is not defined' },
  { name: 'an addition of an undefined list', in: 'schedule', text: alias('alert plan = paging\nadding = nobody\n'), at: 'adding', section: 'alias x', key: 'adding', message: 'call list nobody is not defined' },
  { name: 'an alias of an undefined plan', in: 'schedule', text: alias('alert plan = nope\nadding = managers\n'), at: 'alert plan = nope', section: 'alias x', key: 'alert plan', message: 'alert plan nope is not defined' },
  { name: 'a plan alias cycle', in: 'schedule', text: alias('alert plan = y\nadding = managers\n[alias y]\nalert plan = x\nadding = managers\n'), at: 'alert plan = y', section: 'alias x', key: 'alert plan', message: 'alias cycle: x → y → x' },
  { name: 'a plan alias named like a plan', in: 'schedule', text: `${S}\n[alias mailonly]\nalert plan = paging\nadding = managers\n`, at: '[alias mailonly]', section: 'alias mailonly', message: 'has the name of the alert plan defined at line' },

  // calllist.cf
  { name: 'an alert without transmit', in: 'calllist', text: `${C}\n[alert x]\nformat = full\n`, at: '[alert x]', section: 'alert x', key: 'transmit', message: 'missing required key' },
  { name: 'an unknown format', in: 'calllist', text: `${C}\n[alert x]\nformat = fancy\ntransmit = mail\n`, at: 'fancy', section: 'alert x', key: 'format', message: 'format fancy is neither built in nor a usable module' },
  { name: 'an unknown transmitter', in: 'calllist', text: `${C}\n[alert x]\nformat = sms\ntransmit = pigeon\n`, at: 'pigeon', section: 'alert x', key: 'transmit', message: 'transmit pigeon is neither built in' },
  { name: 'a person without address', in: 'calllist', text: `${C}\n[person carol]\n`, at: '[person carol]', section: 'person carol', key: 'notify', message: 'needs an address' },
  { name: 'a notify without alert', in: 'calllist', text: `${C}\n[person carol]\nnotify = carol@example.org\n`, at: 'notify', section: 'person carol', key: 'notify', message: 'not an address for an alert' },
  { name: 'a notify via an undefined alert', in: 'calllist', text: `${C}\n[person carol]\nnotify = carol@example.org via fax\n`, at: 'via fax', section: 'person carol', key: 'notify', message: 'alert fax is not defined' },
  { name: 'two addresses for one alert', in: 'calllist', text: `${C}\n[person carol]\nnotify = c1@example.org via mail\nnotify = c2@example.org via mail\n`, at: 'c2@', section: 'person carol', key: 'notify', message: 'already has an address for alert mail' },
  { name: 'an address with blanks', in: 'calllist', text: `${C}\n[person carol]\notherwise = carol at example.org\n`, at: 'otherwise', section: 'person carol', key: 'otherwise', message: 'not an address' },
  { name: 'a call list without members', in: 'calllist', text: `${C}\n[calllist x]\nvia = mail\n`, at: '[calllist x]', section: 'calllist x', key: 'members', message: 'missing required key' },
  { name: 'a call list without via', in: 'calllist', text: `${C}\n[calllist x]\nmembers = bob\n`, at: '[calllist x]', section: 'calllist x', key: 'via', message: 'missing required key' },
  { name: 'an undefined member', in: 'calllist', text: `${C}\n[calllist x]\nmembers = alice zed\nvia = mail\n`, at: 'zed', section: 'calllist x', key: 'members', message: 'person zed is not defined' },
  { name: 'a member twice', in: 'calllist', text: `${C}\n[calllist x]\nmembers = alice\nmembers = bob, alice\nvia = mail\n`, at: 'bob, alice', section: 'calllist x', key: 'members', message: 'listed twice' },
  { name: 'an unreachable member', in: 'calllist', text: `${C}\n[person carol]\nnotify = 555 via sms\n[calllist x]\nmembers = bob carol\nvia = mail\n`, at: 'bob carol', section: 'calllist x', key: 'members', message: 'person carol cannot be reached via mail' },
  { name: 'a list via an undefined alert', in: 'calllist', text: `${C}\n[calllist x]\nmembers = bob\nvia = fax\n`, at: 'via = fax', section: 'calllist x', key: 'via', message: 'alert fax is not defined' },
  { name: 'a rotation by an undefined schedule', in: 'calllist', text: `${C}\n[calllist x]\nmembers = bob\nvia = mail\nrotates using = nope\n`, at: 'nope', section: 'calllist x', key: 'rotates using', message: 'schedule nope is not defined' },
  { name: 'a rotation by a schedule without instants', in: 'calllist', text: `${C}\n[calllist x]\nmembers = bob\nvia = mail\nrotates using = hourly\n`, at: 'hourly', section: 'calllist x', key: 'rotates using', message: 'no "at" or "cron" rule' },
  { name: 'a list that rotates and broadcasts', in: 'calllist', text: `${C}\n[calllist x]\nmembers = bob\nvia = mail\nrotates using = mondaynoon\nbroadcasts to all = yes\n`, at: 'broadcasts', section: 'calllist x', key: 'broadcasts to all', message: 'either rotates or broadcasts' },
  { name: 'a list alias without list', in: 'calllist', text: `${C}\n[alias x]\nvia = mail\n`, at: '[alias x]', section: 'alias x', key: 'calllist', message: 'missing required key' },
  { name: 'a list alias of an undefined list', in: 'calllist', text: `${C}\n[alias x]\ncalllist = nope\nvia = mail\n`, at: 'nope', section: 'alias x', key: 'calllist', message: 'call list nope is not defined in calllist.cf' },
  { name: 'a list alias via an undefined alert', in: 'calllist', text: `${C}\n[alias x]\ncalllist = managers\nvia = fax\n`, at: 'fax', section: 'alias x', key: 'via', message: 'alert fax is not defined' },
  { name: 'a list alias cycle', in: 'calllist', text: `${C}\n[alias x]\ncalllist = x\nvia = mail\n`, at: 'calllist = x', section: 'alias x', key: 'calllist', message: 'alias cycle: x → x' },
  { name: 'a list alias named like a list', in: 'calllist', text: `${C}\n[alias managers]\ncalllist = oncall-pager\nvia = mail\n`, at: '[alias managers]', section: 'alias managers', message: 'has the name of the call list defined at line' },
  { name: 'a list alias some member cannot use', in: 'calllist', text: `${C}\n[person carol]\nnotify = 555 via sms\n[calllist texts]\nmembers = carol\nvia = sms\n[alias x]\ncalllist = texts\nvia = page\n`, at: 'via = page', section: 'alias x', key: 'via', message: 'person carol of call list texts cannot be reached via page' },
  { name: 'an unknown calllist.cf section', in: 'calllist', text: `${C}\n[list x]\n`, at: '[list x]', section: 'list x', message: 'unknown section type' },

  // dependency.cf
  { name: 'a dependency without on', in: 'dependency', text: depend('checks = http\nhosts = all\n'), at: '[depend x]', section: 'depend x', key: 'on', message: 'missing required key' },
  { name: 'a malformed on', in: 'dependency', text: depend('checks = http\nhosts = all\non = ping stats\n'), at: 'stats', section: 'depend x', key: 'on', message: 'not a dependency' },
  { name: 'a Type II dependency without host', in: 'dependency', text: depend('checks = http\nhosts = all\non = mysql\n'), at: 'on = mysql', section: 'depend x', key: 'on', message: 'names the host' },
  { name: 'a dependency on an undefined check', in: 'dependency', text: depend('checks = http\nhosts = all\non = nope status\n'), at: 'nope', section: 'depend x', key: 'on', message: 'check nope is not defined in check.cf' },
  { name: 'a Type I host the check does not run on', in: 'dependency', text: depend('checks = http\nhosts = all\non = mysql@web1 status\n'), at: 'mysql@web1', section: 'depend x', key: 'on', message: 'check mysql does not run on host web1' },
  { name: 'fixes guarded by a Type I dependency', in: 'dependency', text: depend('checks = http\nfixes = restart-httpd\nhosts = all\non = mysql@db01 status\n'), at: 'fixes', section: 'depend x', key: 'fixes', message: 'only Type II dependencies' },
  { name: 'an undefined fix', in: 'dependency', text: depend('fixes = nope\nhosts = all\non = mysql@db01\n'), at: 'fixes', section: 'depend x', key: 'fixes', message: 'fix nope is not defined in check.cf' },
  { name: 'an undefined depending check', in: 'dependency', text: depend('checks = http nope\nhosts = all\non = mysql@db01\n'), at: 'http nope', section: 'depend x', key: 'checks', message: 'check nope is not defined' },
  { name: 'except without all checks', in: 'dependency', text: depend('checks = http\nexcept = ping\nhosts = all\non = mysql@db01\n'), at: 'except', section: 'depend x', key: 'except', message: 'goes with checks = all' },
  { name: 'all among named checks', in: 'dependency', text: depend('checks = all http\nhosts = all\non = mysql@db01\n'), at: 'all http', section: 'depend x', key: 'checks', message: '"all" stands alone' },
  { name: 'except fixes without all fixes', in: 'dependency', text: depend('fixes = restart-httpd\nexcept fixes = restart-httpd\nhosts = all\non = mysql@db01\n'), at: 'except fixes', section: 'depend x', key: 'except fixes', message: 'goes with fixes = all' },
  { name: 'a dependency with nothing depending', in: 'dependency', text: depend('hosts = all\non = mysql@db01\n'), at: '[depend x]', section: 'depend x', key: 'checks', message: 'needs the checks or fixes' },
  { name: 'a dependency without hosts', in: 'dependency', text: depend('checks = http\non = mysql@db01\n'), at: '[depend x]', section: 'depend x', key: 'hosts', message: 'needs the hosts' },
  { name: 'hosts and groups together', in: 'dependency', text: depend('checks = http\nhosts = web1\ngroups = http\non = mysql@db01\n'), at: 'groups', section: 'depend x', key: 'groups', message: 'not both' },
  { name: 'an undefined host', in: 'dependency', text: depend('checks = http\nhosts = web1 nohost\non = mysql@db01\n'), at: 'nohost', section: 'depend x', key: 'hosts', message: 'host nohost is not defined in host.cf' },
  { name: 'an undefined group', in: 'dependency', text: depend('checks = http\ngroups = nogroup\non = mysql@db01\n'), at: 'nogroup', section: 'depend x', key: 'groups', message: 'group nogroup is not defined in host.cf' },
  { name: 'except hosts without all hosts', in: 'dependency', text: depend('checks = http\nhosts = web1\nexcept hosts = web2\non = mysql@db01\n'), at: 'except hosts', section: 'depend x', key: 'except hosts', message: 'goes with hosts = all' },
  { name: 'except hosts and except groups together', in: 'dependency', text: depend('checks = http\nhosts = all\nexcept hosts = web2\nexcept groups = mysql\non = mysql@db01\n'), at: 'except groups', section: 'depend x', key: 'except groups', message: 'not both' },
  { name: 'a check waiting for its own status', in: 'dependency', text: depend('checks = mysql http\nhosts = all\non = mysql status\n'), at: 'mysql http', section: 'depend x', key: 'checks', message: 'check mysql cannot wait for its own status' },
  { name: 'mutual Type I dependencies', in: 'dependency', text: depend('checks = http\nhosts = all\non = mysql status\n[depend y]\nchecks = mysql\nhosts = all\non = http status\n'), at: 'on = mysql status', section: 'depend x', key: 'on', message: 'Type I dependency cycle: ' },
  { name: 'a cycle through all checks', in: 'dependency', text: depend('checks = all\nhosts = all\non = http status\n'), at: 'on = http status', section: 'depend x', key: 'on', message: 'Type I dependency cycle: http → ping → http' },
  { name: 'a negative maximum', in: 'dependency', text: D.replace('maximum = 5', 'maximum = -1'), at: 'maximum', section: 'dependencies', key: 'maximum', message: 'not a whole number in range' },
  { name: 'a second [dependencies]', in: 'dependency', text: `${D}\n[dependencies]\nmaximum = 2\n`, at: '[dependencies]', section: 'dependencies', message: 'more than once' },
  { name: 'an unknown dependency key', in: 'dependency', text: depend('checks = http\nhosts = all\non = mysql@db01\nfor = all\n'), at: 'for = all', section: 'depend x', key: 'for', message: 'unknown key' },

  // host.cf and check.cf name plans
  { name: 'a class naming an undefined plan', in: 'host', text: EXAMPLE.host.replace('alert plan = mailonly', 'alert plan = nope'), at: 'alert plan = nope', section: 'class db', key: 'alert plan', message: 'alert plan nope is not defined in schedule.cf' },
  { name: 'a check naming an undefined plan', in: 'check', text: EXAMPLE.check.replace('alert plan = netpaging', 'alert plan = nope'), at: 'alert plan = nope', section: 'check http', key: 'alert plan', message: 'alert plan nope is not defined in schedule.cf' },
];

async function problemsOf(c: ErrorCase): Promise<ConfigProblem[]> {
  const prefix = await writeConfig({ ...EXAMPLE, [c.in]: c.text });
  try {
    await loadConfig({ prefix });
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return [...err.problems];
  }
  assert.fail('the configuration loaded');
}

describe('alerting configuration errors', () => {
  it('the worked example itself loads', async () => {
    await loadConfig({ prefix: await writeConfig(EXAMPLE) });
  });

  for (const c of cases) {
    it(`reports ${c.name} with file, line, section and key`, async () => {
      const problems = await problemsOf(c);
      const line = lineOf(c.text, c.at);
      const match = problems.find(
        (p) => p.file.endsWith(`/${c.in}.cf`) && p.line === line && p.section === c.section && (c.key === undefined || p.key === c.key) && p.message.includes(c.message),
      );
      assert.ok(match, `expected ${c.in}.cf:${line} [${c.section ?? ''}] ${c.key ?? ''}: …${c.message}…, got:\n${JSON.stringify(problems, null, 1)}`);
    });
  }

  const single: [string, string, string][] = [
    ['a bad attempt fix', 'on = default\nusing = always\ntry\nalert = managers\nattempt fix = maybe\n', 'maybe'],
    ['a bad try count', 'on = default\nusing = always\ntry = 0 times\nalert = managers\ntry\nalert = managers\n', 'try = 0'],
    ['a bad schedule name', 'on = default\nusing = a/b\ntry\nalert = managers\n', 'a/b'],
    ['a bad return stanza', 'on = often\nusing = always\ntry\nalert = managers\n', 'often'],
    ['a bad call list name', 'on = default\nusing = always\ntry\nalert = a/b\n', 'a/b'],
  ];
  for (const [what, body, at] of single) {
    it(`reports ${what} once, without cascading into the lines after it`, async () => {
      const schedule = plan(body);
      const problems = await problemsOf({ name: '', in: 'schedule', text: schedule, at: '', message: '' });
      assert.deepEqual(problems.map((p) => p.line), [lineOf(schedule, at)], JSON.stringify(problems, null, 1));
    });
  }

  it('names the expected and found values', async () => {
    const problems = await problemsOf({ name: '', in: 'schedule', text: plan(OK.replace('on = default', 'on = return values 1 8')), at: '', message: '' });
    assert.deepEqual(problems.map((p) => [p.expected, p.found]), [['return codes 0–7 or 20–1000, separated by spaces or commas', '"return values 1 8"']]);
  });
});
