import { rcText } from '../../domain/return-code.js';
import { ctime } from '../format-status.js';
import { historyCommand } from '../history-command.js';

/** `sc [-f from] [-u until] [-o reverse,limit=N] checkhistory targets`. */
export const checkhistory = historyCommand({
  command: 'checkhistory',
  read: (store, service, host, query) => store.history.readCheck(service, host, query),
  line: (r) => `${ctime(r.time)} ${rcText(r.rc)} scalar=${r.scalar}${r.duration >= 0 ? ` ${r.duration}ms` : ''}: ${r.comment}`,
});
