import { ctime } from '../format-status.js';
import { historyCommand } from '../history-command.js';

/** `sc [-f from] [-u until] [-o reverse,limit=N] commandhistory targets`: one line per operator action. */
export const commandhistory = historyCommand({
  command: 'commandhistory',
  read: (store, service, host, query) => store.history.readCommand(service, host, query),
  line: (r) => `${ctime(r.time)} ${r.command} by ${r.who}: ${r.comment}`,
});
