import { rcText } from '../../domain/return-code.js';
import { ctime } from '../format-status.js';
import { historyCommand } from '../history-command.js';

/** `sc [-f from] [-u until] [-o reverse,limit=N] fixhistory targets`: one line per fix attempt. */
export const fixhistory = historyCommand({
  command: 'fixhistory',
  read: (store, service, host, query) => store.history.readFix(service, host, query),
  line: (r) => `${ctime(r.time)} ${rcText(r.rc)} by ${r.who}${r.duration >= 0 ? ` (${r.duration}ms)` : ''}${r.comment === '' ? '' : `: ${r.comment}`}`,
});
