import { rcText } from '../../domain/return-code.js';
import { ctime } from '../format-status.js';
import { historyCommand } from '../history-command.js';

/** `sc [-f from] [-u until] [-o reverse,limit=N] alerthistory targets`: one line per transmission. */
export const alerthistory = historyCommand({
  command: 'alerthistory',
  read: (store, service, host, query) => store.history.readAlert(service, host, query),
  line: (r) => {
    const what = r.clear ? 'clear notice' : `${rcText(r.checkRc)} alert${r.try !== undefined ? ` (try ${r.try})` : ''}`;
    const lists = r.callLists.length > 0 ? ` [${r.callLists.join(' ')}]` : '';
    const outcome = r.rc === 0 ? 'sent' : `failed (rc ${r.rc})`;
    const reply = r.reply !== undefined && r.reply !== '' ? `: ${r.reply}` : '';
    return `${ctime(r.time)} ${what} via ${r.alert} to ${r.addresses.join(', ')}${lists} ${outcome}${r.duplicate === true ? ' (possible duplicate)' : ''}${reply}`;
  },
});
