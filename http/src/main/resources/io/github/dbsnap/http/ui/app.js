// dbsnap Snapshots page. Plain JavaScript, no dependencies. Everything it shows comes from the admin
// API; the bearer token is kept in sessionStorage (this tab only) and sent with each call, never a cookie.
'use strict';

(() => {
  const API = document.querySelector('meta[name="dbsnap-api"]').content;
  const TOKEN_KEY = 'dbsnap.adminToken';
  const POLL_MS = 400;
  const $ = (id) => document.getElementById(id);

  const state = {
    databases: [],      // configured database names, in the status route's order
    snapshots: [],      // every snapshot, newest first
    busy: false,
    highlight: null,    // key of a snapshot just created
  };

  let memoryToken = null; // when sessionStorage is unavailable

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  // ---- token ---------------------------------------------------------------------------------

  function token() {
    try {
      return sessionStorage.getItem(TOKEN_KEY);
    } catch (e) {
      return null;
    }
  }

  function setToken(value) {
    try {
      if (value) {
        sessionStorage.setItem(TOKEN_KEY, value);
      } else {
        sessionStorage.removeItem(TOKEN_KEY);
      }
    } catch (e) {
      // storage disabled: the token then lives only as long as the page
    }
    memoryToken = value || null;
  }

  function currentToken() {
    return token() || memoryToken;
  }

  function promptForToken(rejected) {
    $('app').hidden = true;
    $('session').hidden = true;
    const auth = $('auth');
    auth.hidden = false;
    auth.classList.toggle('rejected', Boolean(rejected));
    $('auth-message').textContent = rejected
      ? 'That token was not accepted. Enter the admin API token (SNAPSHOTS_ADMIN_TOKEN) again.'
      : 'Enter the admin API token (SNAPSHOTS_ADMIN_TOKEN). It is kept in this tab only, until the tab is closed.';
    const input = $('token');
    input.value = '';
    input.setAttribute('aria-invalid', rejected ? 'true' : 'false');
    input.focus();
  }

  function showApp() {
    $('auth').hidden = true;
    $('app').hidden = false;
    $('session').hidden = false;
  }

  // ---- API -----------------------------------------------------------------------------------

  async function api(url, { method = 'GET', body, async: respondAsync = false } = {}) {
    const t = currentToken();
    if (!t) {
      promptForToken(false);
      throw new ApiError(401, 'admin token required');
    }
    const headers = { Authorization: 'Bearer ' + t, Accept: 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (respondAsync) {
      headers.Prefer = 'respond-async';
    }
    let response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        cache: 'no-store',
        redirect: 'error',
      });
    } catch (e) {
      throw new ApiError(0, 'cannot reach the server (' + e.message + ')');
    }
    let data = null;
    try {
      data = await response.json();
    } catch (e) {
      data = null;
    }
    if (response.status === 401) {
      setToken(null);
      promptForToken(true);
      throw new ApiError(401, (data && data.error) || 'missing or invalid bearer token');
    }
    if (!response.ok) {
      throw new ApiError(response.status, (data && data.error) || 'the server answered ' + response.status);
    }
    return data;
  }

  // ---- formatting ----------------------------------------------------------------------------

  function formatBytes(n) {
    if (n === null || n === undefined) {
      return '—';
    }
    const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
    let v = n;
    let u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u === 0 ? n + ' bytes' : v.toFixed(v < 10 ? 1 : 0) + ' ' + units[u];
  }

  function pad(n) {
    return String(n).padStart(2, '0');
  }

  function formatTime(iso) {
    if (!iso) {
      return '—';
    }
    const d = new Date(iso);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' '
      + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }

  function relative(iso) {
    if (!iso) {
      return '';
    }
    const seconds = Math.round((new Date(iso).getTime() - Date.now()) / 1000);
    const abs = Math.abs(seconds);
    const [value, unit] = abs < 60 ? [abs, 'second'] : abs < 3600 ? [Math.round(abs / 60), 'minute']
      : abs < 86400 ? [Math.round(abs / 3600), 'hour'] : [Math.round(abs / 86400), 'day'];
    if (abs < 5) {
      return 'just now';
    }
    const text = value + ' ' + unit + (value === 1 ? '' : 's');
    return seconds < 0 ? text + ' ago' : 'in ' + text;
  }

  function el(tag, attrs = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) {
        continue;
      }
      if (k === 'text') {
        e.textContent = v;
      } else if (k === 'className') {
        e.className = v;
      } else {
        e.setAttribute(k, v === true ? '' : v);
      }
    }
    for (const c of children) {
      if (c !== null && c !== undefined) {
        e.append(c);
      }
    }
    return e;
  }

  function timeCell(iso) {
    return [el('span', { text: formatTime(iso), title: iso }), el('span', { className: 'time-rel', text: relative(iso) })];
  }

  // ---- messages ------------------------------------------------------------------------------

  function showError(message) {
    const e = $('error');
    e.textContent = message;
    e.hidden = false;
  }

  function showNotice(message) {
    const n = $('notice');
    n.textContent = message;
    n.hidden = false;
  }

  function clearMessages() {
    $('error').hidden = true;
    $('notice').hidden = true;
  }

  function report(e) {
    if (e instanceof ApiError && e.status === 401) {
      return; // the token prompt says it
    }
    showError(e.message);
  }

  // ---- rendering -----------------------------------------------------------------------------

  const HEALTH = { OK: 'ok', STALE: 'stale', FAILING: 'failing', UNKNOWN: 'unknown' };

  function renderDatabases(status) {
    const box = $('databases');
    box.replaceChildren();
    $('generated').textContent = 'as of ' + formatTime(status.generatedAt);
    for (const db of status.databases) {
      const facts = el('dl', { className: 'facts' });
      const add = (label, ...value) => facts.append(el('dt', { text: label }), el('dd', {}, ...value));
      add('Last success', db.lastSuccess ? formatTime(db.lastSuccess.at) + ' (' + relative(db.lastSuccess.at) + ')' : 'never');
      add('Next run', db.nextRun ? formatTime(db.nextRun) + ' (' + relative(db.nextRun) + ')' : 'not scheduled');
      add('Snapshots', db.snapshotCount + (db.snapshotCount ? ', ' + formatBytes(db.totalSize) : ''));
      if (db.schedule) {
        add('Schedule', el('code', { text: db.schedule }));
      }
      if (db.lastFailure) {
        add('Last failure', formatTime(db.lastFailure.at) + ': ' + db.lastFailure.reason);
      }
      const health = HEALTH[db.health] || 'unknown';
      box.append(el('article', { className: 'card db-card', 'data-database': db.database, 'data-health': db.health },
        el('div', { className: 'db-card-head' },
          el('span', { className: 'db-name', text: db.database }),
          el('span', { className: 'badge badge-' + health, text: db.health, title: 'Health: ' + db.health })),
        el('p', { className: 'db-reason', text: db.reason }),
        facts));
    }
  }

  function fillSelect(select, names, keep) {
    const previous = keep ? select.value : null;
    select.replaceChildren(...names.map((n) => el('option', { value: n, text: n })));
    if (previous && names.includes(previous)) {
      select.value = previous;
    }
  }

  function renderFilter() {
    const filter = $('filter');
    const previous = filter.value;
    filter.replaceChildren(el('option', { value: '', text: 'All databases' }),
      ...state.databases.map((n) => el('option', { value: n, text: n })));
    filter.value = state.databases.includes(previous) ? previous : '';
  }

  function renderSnapshots() {
    const box = $('snapshots');
    box.replaceChildren();
    const only = $('filter').value;
    for (const db of state.databases.filter((d) => !only || d === only)) {
      const rows = state.snapshots.filter((s) => s.database === db);
      const card = el('div', { className: 'card db-snapshots', 'data-database': db },
        el('h2', {}, el('span', { text: db }),
          el('span', { className: 'count', text: rows.length + ' snapshot' + (rows.length === 1 ? '' : 's') })));
      if (rows.length === 0) {
        card.append(el('p', { className: 'empty', text: 'No snapshots of ' + db + ' yet.' }));
      } else {
        const tbody = el('tbody');
        for (const s of rows) {
          tbody.append(snapshotRow(s));
        }
        card.append(el('table', { 'aria-label': 'Snapshots of ' + db },
          el('thead', {}, el('tr', {},
            el('th', { scope: 'col', text: 'Taken' }),
            el('th', { scope: 'col', text: 'Size' }),
            el('th', { scope: 'col', text: 'Encrypted' }),
            el('th', { scope: 'col', text: 'URI' }),
            el('th', { scope: 'col', text: 'Actions' }))),
          tbody));
      }
      box.append(card);
    }
  }

  function snapshotRow(s) {
    const copy = el('button', { type: 'button', className: 'btn btn-small copy', 'aria-label': 'Copy URI of the snapshot taken ' + formatTime(s.createdAt), text: 'Copy' });
    copy.addEventListener('click', () => copyText(s.uri, copy));
    const restore = el('button', { type: 'button', className: 'btn btn-small btn-danger-outline restore', 'aria-label': 'Restore ' + s.database + ' from the snapshot taken ' + formatTime(s.createdAt), text: 'Restore…' });
    restore.disabled = state.busy;
    restore.addEventListener('click', () => restoreFlow(s.uri, s.database, s.createdAt));
    return el('tr', { 'data-key': s.key, className: s.key === state.highlight ? 'new' : null },
      el('td', { className: 'time', 'data-label': 'Taken' }, ...timeCell(s.createdAt)),
      el('td', { className: 'num', 'data-label': 'Size', text: formatBytes(s.size) }),
      el('td', { 'data-label': 'Encrypted', text: s.encrypted ? 'Yes (age)' : 'No' }),
      el('td', { className: 'uri-col', 'data-label': 'URI' },
        el('div', { className: 'uri-cell' }, el('span', { className: 'uri', title: s.uri, text: s.uri }), copy)),
      el('td', { className: 'act' }, restore));
  }

  async function copyText(text, button) {
    let ok = false;
    try {
      await navigator.clipboard.writeText(text);
      ok = true;
    } catch (e) {
      // no clipboard API outside secure contexts: copy through a selected field
      const field = el('textarea', { readonly: true, 'aria-hidden': 'true', className: 'offscreen' });
      field.value = text;
      document.body.append(field);
      field.select();
      try {
        ok = document.execCommand('copy');
      } catch (ignored) {
        ok = false;
      }
      field.remove();
    }
    button.textContent = ok ? 'Copied' : 'Copy failed';
    setTimeout(() => { button.textContent = 'Copy'; }, 1500);
  }

  async function load() {
    const [status, list] = await Promise.all([api(API + '/status'), api(API)]);
    showApp();
    state.databases = status.databases.map((d) => d.database);
    state.snapshots = list.snapshots;
    renderDatabases(status);
    fillSelect($('create-database'), state.databases, true);
    fillSelect($('restore-database'), state.databases, true);
    renderFilter();
    renderSnapshots();
  }

  // ---- jobs ----------------------------------------------------------------------------------

  function setBusy(busy) {
    state.busy = busy;
    for (const b of document.querySelectorAll('#create-submit, #restore-submit, button.restore')) {
      b.disabled = busy;
    }
  }

  /** @param titles what the job panel is called while running, after success and after failure */
  function showJob(titles, job) {
    const box = $('job');
    box.hidden = false;
    box.classList.remove('done', 'failed');
    const s = job ? job.state : 'running';
    $('job-title').textContent = titles[s];
    const badge = $('job-state');
    const progress = $('job-progress');
    const detail = $('job-detail');
    badge.textContent = s;
    badge.className = 'badge badge-' + s;
    if (!job) {
      progress.removeAttribute('value');
      detail.textContent = 'Starting…';
      return;
    }
    const verb = job.operation === 'create' ? 'stored' : 'read';
    if (job.state === 'running') {
      if (job.bytesTotal) {
        progress.max = job.bytesTotal;
        progress.value = Math.min(job.bytesDone, job.bytesTotal);
        detail.textContent = formatBytes(job.bytesDone) + ' of ' + formatBytes(job.bytesTotal) + ' ' + verb + '…';
      } else {
        progress.removeAttribute('value');
        detail.textContent = job.bytesDone ? formatBytes(job.bytesDone) + ' ' + verb + '…' : 'Working…';
      }
    } else {
      progress.max = 1;
      progress.value = 1;
      box.classList.add(job.state === 'succeeded' ? 'done' : 'failed');
      detail.textContent = job.state === 'succeeded'
        ? formatBytes(job.bytesDone) + ' ' + verb + ' in ' + seconds(job) + ' s.'
        : job.error;
    }
  }

  function seconds(job) {
    return ((new Date(job.finishedAt) - new Date(job.startedAt)) / 1000).toFixed(1);
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Polls a job until it is no longer running, showing its progress. */
  async function follow(titles, job) {
    let current = job;
    showJob(titles, current);
    while (current.state === 'running') {
      await sleep(POLL_MS);
      current = await api(current.url);
      showJob(titles, current);
    }
    return current;
  }

  /**
   * Starts an operation as a job, follows it to the end in the job panel, and says how it ended.
   * @param operation 'create' or 'restore'; @param body its request; @param succeeded called with the result
   */
  async function runJob(operation, body, titles, succeeded) {
    clearMessages();
    setBusy(true);
    showJob(titles, null);
    try {
      const job = await api(API + '/' + operation, { method: 'POST', body, async: true });
      const done = await follow(titles, job);
      if (done.state === 'succeeded') {
        succeeded(done.result);
        await load();
      } else {
        showError(done.error);
      }
    } catch (e) {
      showJob(titles, { operation, state: 'failed', error: e.message });
      report(e);
    } finally {
      setBusy(false);
    }
  }

  function createFlow(database) {
    return runJob('create', { database }, {
      running: 'Creating a snapshot of ' + database + '…',
      succeeded: 'Snapshot of ' + database + ' created',
      failed: 'Snapshot of ' + database + ' failed',
    }, (snapshot) => {
      state.highlight = snapshot.key;
      showNotice('Snapshot of ' + database + ' created: ' + snapshot.uri);
    });
  }

  function confirmRestore(uri, database, createdAt) {
    const dialog = $('confirm');
    $('confirm-title').textContent = 'Replace the live data of ' + database + '?';
    $('confirm-database').textContent = database;
    $('confirm-uri').textContent = uri;
    $('confirm-taken').textContent = createdAt ? formatTime(createdAt) + ' (' + relative(createdAt) + ')' : 'as named in the URI';
    return new Promise((resolve) => {
      const done = (answer) => {
        dialog.removeEventListener('close', onClose);
        resolve(answer);
      };
      const onClose = () => done(dialog.returnValue === 'restore');
      dialog.addEventListener('close', onClose);
      dialog.returnValue = '';
      dialog.showModal();
      $('confirm-cancel').focus();
    });
  }

  async function restoreFlow(uri, database, createdAt) {
    if (state.busy || !(await confirmRestore(uri, database, createdAt))) {
      return;
    }
    await runJob('restore', { uri, database }, {
      running: 'Restoring ' + database + '…',
      succeeded: database + ' restored; the host was told to reload',
      failed: 'Restore of ' + database + ' failed; the live data is unchanged',
    }, (restore) => {
      showNotice('Restored ' + database + ' from ' + restore.snapshot.uri + '. The host was told to reload.');
    });
  }

  /** The database a snapshot name restores into by default: main.tar.zst.age → main. */
  function databaseOf(uri) {
    const name = uri.trim().split(/[/\\]/).pop();
    const i = name.indexOf('.tar.');
    return i > 0 ? name.substring(0, i) : null;
  }

  // ---- wiring --------------------------------------------------------------------------------

  function wire() {
    $('auth-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const value = $('token').value.trim();
      if (!value) {
        promptForToken(false);
        return;
      }
      setToken(value);
      $('token').value = '';
      clearMessages();
      try {
        await load();
      } catch (e) {
        report(e);
      }
    });
    $('create-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (!state.busy) {
        createFlow($('create-database').value);
      }
    });
    $('restore-uri').addEventListener('input', () => {
      const db = databaseOf($('restore-uri').value);
      if (db && state.databases.includes(db)) {
        $('restore-database').value = db;
      }
    });
    $('restore-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const uri = $('restore-uri').value.trim();
      if (!uri) {
        showError('Paste the URI or key of a snapshot to restore.');
        $('restore-uri').focus();
        return;
      }
      const known = state.snapshots.find((s) => s.uri === uri || s.key === uri.replace(/^\/+/, ''));
      restoreFlow(uri, $('restore-database').value, known ? known.createdAt : null);
    });
    $('confirm-form').addEventListener('submit', (ev) => ev.preventDefault());
    $('confirm-cancel').addEventListener('click', () => $('confirm').close('cancel'));
    $('confirm-restore').addEventListener('click', () => $('confirm').close('restore'));
    $('filter').addEventListener('change', renderSnapshots);
    $('refresh').addEventListener('click', () => {
      clearMessages();
      load().catch(report);
    });
    $('forget').addEventListener('click', () => {
      setToken(null);
      clearMessages();
      promptForToken(false);
    });
  }

  function start() {
    wire();
    if (!currentToken()) {
      promptForToken(false);
      return;
    }
    load().catch((e) => {
      if (!(e instanceof ApiError && e.status === 401)) {
        showApp();
        report(e);
      }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
