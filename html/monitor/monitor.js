// Survivor /monitor/: the pair table, filters, details and actions over /api/, live through /api/events.
'use strict';
const $ = (id) => document.getElementById(id);
const state = { rows: new Map(), session: { user: null, role: 'ro' }, detail: null };

function fmtTime(ms) { return ms > 0 ? new Date(ms).toLocaleString() : ''; }
function say(text) { $('message').textContent = text || ''; }
function cell(tr, text) { const td = document.createElement('td'); td.textContent = text == null ? '' : String(text); tr.appendChild(td); return td; }

async function api(path, options = {}) {
  const headers = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.method === 'POST' && state.session.csrf) headers['x-csrf-token'] = state.session.csrf;
  const res = await fetch(path, { method: options.method || 'GET', headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), credentials: 'same-origin' });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error ? body.error.message : res.statusText);
  return body;
}

function filters() {
  return { match: $('f-match').value, class: $('f-class').value, group: $('f-group').value, host: $('f-host').value.trim(), service: $('f-service').value.trim() };
}

function rowElement(row) {
  const tr = document.createElement('tr');
  tr.dataset.pair = row.service + '@' + row.host;
  tr.className = 'c-' + row.colour;
  cell(tr, row.id); cell(tr, row.service); cell(tr, row.host); cell(tr, row.generation);
  cell(tr, row.rc + ' ' + row.status);
  cell(tr, row.monitorState).className = 'state';
  cell(tr, row.attempt); cell(tr, fmtTime(row.time)); cell(tr, row.next === undefined ? 'never' : fmtTime(row.next));
  const mark = row.acknowledged ? ' [acknowledged by ' + row.acknowledged.who + ']' : row.inhibited ? ' [inhibited by ' + row.inhibited.who + ']' : '';
  cell(tr, row.comment + mark);
  tr.addEventListener('click', () => void openDetail(row.service, row.host));
  return tr;
}

async function loadTable() {
  const q = new URLSearchParams(Object.entries(filters()).filter(([, v]) => v !== ''));
  const body = await api('/api/pairs?' + q.toString());
  const tbody = $('pairs').querySelector('tbody');
  tbody.replaceChildren();
  state.rows.clear();
  for (const row of body.pairs) { state.rows.set(row.service + '@' + row.host, row); tbody.appendChild(rowElement(row)); }
}

function applyRow(row) {
  const key = row.service + '@' + row.host;
  const old = document.querySelector('#pairs tbody tr[data-pair="' + CSS.escape(key) + '"]');
  if (old) old.replaceWith(rowElement(row));
  else if (!filters().match) void loadTable();
  state.rows.set(key, row);
  if (state.detail === key) void openDetail(row.service, row.host);
}

async function loadInstance() {
  const inst = await api('/api/instance');
  $('instance').textContent = inst.name;
  showScheduler(inst.scheduler.running);
  for (const [id, list] of [['f-class', inst.classes], ['f-group', inst.groups]]) {
    const sel = $(id);
    if (sel.options.length > 1) continue;
    for (const name of list) sel.appendChild(new Option(name, name));
  }
}

function showScheduler(running) {
  $('scheduler').textContent = running ? 'scheduler running' : 'scheduler not running';
  $('scheduler').className = 'badge ' + (running ? 'up' : 'down');
}

async function loadSession() {
  state.session = await api('/api/session');
  const user = state.session.user;
  $('login').hidden = user !== null;
  $('logout').hidden = user === null;
  $('whoami').hidden = user === null;
  $('whoami').textContent = user === null ? '' : user + ' (' + state.session.role + ')';
  $('scheduler-actions').hidden = state.session.role !== 'admin';
}

async function openDetail(service, host) {
  const key = service + '@' + host;
  state.detail = key;
  const body = await api('/api/pairs/' + encodeURIComponent(service) + '/' + encodeURIComponent(host));
  $('detail').hidden = false;
  $('detail-title').textContent = key;
  const dl = $('detail-fields');
  dl.replaceChildren();
  const r = body.row;
  const fields = [['Status', r.monitorState + ' — ' + r.rc + ' ' + r.status], ['Comment', r.comment], ['Since', fmtTime(r.since)], ['Last check', fmtTime(r.time)], ['Next check', r.next === undefined ? 'never' : fmtTime(r.next)], ['Duration', r.duration + ' ms'], ['Schedule', r.schedule], ['Class', r.hostClass]];
  if (r.acknowledged) fields.push(['Acknowledged', r.acknowledged.who + ': ' + r.acknowledged.comment]);
  if (r.inhibited) fields.push(['Inhibited', r.inhibited.who + ': ' + r.inhibited.comment]);
  if (r.escalated) fields.push(['Escalated', 'yes']);
  for (const [k, v] of fields) { const dt = document.createElement('dt'); dt.textContent = k; const dd = document.createElement('dd'); dd.textContent = v; dl.append(dt, dd); }
  $('actions').hidden = state.session.user === null;
  $('detail-pending').textContent = body.checkAt.map((c) => 'Check requested for ' + fmtTime(c.at) + ' by ' + c.who).join('; ');
  await loadHistory();
}

async function loadHistory() {
  if (!state.detail) return;
  const [service, host] = splitPair(state.detail);
  const kind = $('history-kind').value;
  const body = await api('/api/pairs/' + encodeURIComponent(service) + '/' + encodeURIComponent(host) + '/history/' + kind + '?reverse=1&limit=50');
  const cols = body.records.length > 0 ? Object.keys(body.records[0]) : ['time'];
  const head = document.createElement('tr');
  for (const c of cols) { const th = document.createElement('th'); th.textContent = c; head.appendChild(th); }
  $('history').querySelector('thead').replaceChildren(head);
  const tbody = $('history').querySelector('tbody');
  tbody.replaceChildren();
  for (const rec of body.records) {
    const tr = document.createElement('tr');
    for (const c of cols) cell(tr, c === 'time' || c === 'due' ? fmtTime(rec[c]) : typeof rec[c] === 'object' ? JSON.stringify(rec[c]) : rec[c]);
    tbody.appendChild(tr);
  }
}

function splitPair(key) {
  const row = state.rows.get(key);
  if (row) return [row.service, row.host];
  const at = key.lastIndexOf('@');
  return [key.slice(0, at), key.slice(at + 1)];
}

async function act(action, extra = {}) {
  const [service, host] = splitPair(state.detail);
  try {
    const body = await api('/api/pairs/' + encodeURIComponent(service) + '/' + encodeURIComponent(host) + '/' + action, { method: 'POST', body: { comment: $('action-comment').value, ...extra } });
    say(state.detail + ': ' + body.said);
    if (body.row) applyRow(body.row);
  } catch (err) { say(state.detail + ': ' + err.message); }
}

function connect() {
  const es = new EventSource('/api/events');
  es.addEventListener('hello', () => { $('live').textContent = 'live'; $('live').className = 'badge up'; });
  es.addEventListener('pair', (e) => applyRow(JSON.parse(e.data)));
  es.addEventListener('instance', (e) => {
    const d = JSON.parse(e.data);
    showScheduler(d.check !== null && Date.now() - d.check.time < 60000);
    if (state.generation !== undefined && d.generation !== state.generation) void loadTable();
    state.generation = d.generation;
  });
  es.onerror = () => { $('live').textContent = 'reconnecting'; $('live').className = 'badge down'; };
}

async function start() {
  $('login').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api('/api/login', { method: 'POST', body: { user: $('login-user').value, password: $('login-password').value } });
      $('login-password').value = '';
      say('');
      await loadSession();
      if (state.detail) await openDetail(...splitPair(state.detail));
    } catch (err) { say('Login failed: ' + err.message); }
  });
  $('logout').addEventListener('click', async () => { try { await api('/api/logout', { method: 'POST' }); } catch (err) { say(err.message); } await loadSession(); $('actions').hidden = true; });
  for (const b of document.querySelectorAll('[data-action]')) b.addEventListener('click', () => void act(b.dataset.action));
  $('check-at').addEventListener('click', () => {
    const t = new Date($('check-at-time').value).getTime();
    if (Number.isNaN(t)) say('Choose a time for the check first');
    else void act('check-at', { time: t }).then(() => state.detail && openDetail(...splitPair(state.detail)));
  });
  for (const b of document.querySelectorAll('[data-scheduler]')) b.addEventListener('click', async () => {
    if (!confirm(b.textContent + '?')) return;
    try { await api('/api/scheduler/' + b.dataset.scheduler, { method: 'POST' }); say(b.textContent + ': sent'); } catch (err) { say(err.message); }
  });
  for (const id of ['f-match', 'f-class', 'f-group']) $(id).addEventListener('change', () => void loadTable());
  for (const id of ['f-host', 'f-service']) $(id).addEventListener('input', () => void loadTable());
  $('detail-close').addEventListener('click', () => { state.detail = null; $('detail').hidden = true; });
  $('history-kind').addEventListener('change', () => void loadHistory());
  try {
    await loadSession();
    await loadInstance();
    await loadTable();
  } catch (err) { say(err.message); }
  connect();
}

void start();
