import { isAcknowledged } from '../alert/pair-alert-state.js';
import type { PairAlertState } from '../alert/pair-alert-state.js';
import { rcText } from '../domain/return-code.js';
import { ctime } from './format-status.js';

/**
 * The alerting lines of 1.0's `sc status` layout (reference 1.4, output
 * sketch): inhibition, escalation, notifications sent, acknowledgement and
 * fix attempts, each line starting with " => " (alerts) or " +> " (fixes).
 * `autoEscalated` is isEscalated() of the pair's plan. Pure; times are
 * printed in local time.
 */
export function alertLines(state: PairAlertState, autoEscalated: boolean, now: number): string[] {
  const lines: string[] = [];
  const { noalert, escalate, alertstatus, acknowledge, fixstatus } = state;
  if (noalert !== undefined) {
    lines.push(` => Alerts have been inhibited by ${noalert.who} since ${ctime(noalert.time)}`);
    lines.push(` => Reason: ${noalert.comment}`);
  }
  if (escalate !== undefined) lines.push(` => Manually escalated to ${escalate.level} ${escalate.level === 1 ? 'try' : 'tries'} by ${escalate.who}`);
  else if (autoEscalated) lines.push(' => Alert has automatically escalated');
  const fixes = fixstatus?.instances ?? 0;
  if (alertstatus !== undefined && alertstatus.stub !== true) {
    const alerts = Math.max(0, alertstatus.instances - fixes);
    if (alerts > 0) {
      lines.push(` => ${alerts} alert${alerts === 1 ? ' has' : 's have'} been transmitted`);
      lines.push(` => First alert transmitted at ${ctime(alertstatus.since)}`);
    }
    for (const r of alertstatus.recipients) {
      const who = r.addresses.length > 0 ? r.addresses.join(', ') : r.callLists.join(', ');
      lines.push(` => ${who} notified via ${r.alert} at ${ctime(alertstatus.time)}${r.rc !== 0 ? ` (transmit failed, rc ${r.rc})` : ''}`);
    }
  }
  if (acknowledge !== undefined && isAcknowledged(state, now)) {
    const until = acknowledge.expires !== undefined ? ` until ${ctime(acknowledge.expires)}` : '';
    lines.push(` => This problem was acknowledged by ${acknowledge.who} at ${ctime(acknowledge.time)}${until}`);
    if (acknowledge.comment !== '') lines.push(` => Reason: ${acknowledge.comment}`);
  }
  if (fixstatus !== undefined) {
    lines.push(` +> Fix attempted by ${fixstatus.who} at ${ctime(fixstatus.time)}`);
    lines.push(` +> Fix result: ${rcText(fixstatus.rc)}${fixstatus.comment !== '' ? `: ${fixstatus.comment}` : ''}`);
    if (fixes > 1) lines.push(` +> There have been ${fixes} fix attempts`);
  }
  return lines;
}
