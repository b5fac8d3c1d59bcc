// The signalbridge console: one page over the service's REST API. The session of the user's OpenID Connect sign-in
// (Okta; the sandbox identity provider in the demo) authenticates every call; the console only hides what the user's
// roles may not do, the API still decides. Every value is put in the page as text, never as HTML: failed payloads can hold anything.
'use strict';

const view = document.getElementById('view');
const message = document.getElementById('message');
let me = { name: '', roles: [] };

// ---- helpers ----------------------------------------------------------------------------------------------------

function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) element.addEventListener(key.substring(2), value);
    else element.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

async function api(method, path, body, contentType) {
  const options = { method, headers: { Accept: 'application/json' } };
  // the API refuses a state-changing request with neither this header nor a JSON body: a form on another site could
  // send one otherwise, with the browser's login (docs/security.md). Not on reads: Spring Security answers a 401 to a
  // request with it without the challenge that makes the browser ask for the login.
  if (method !== 'GET') {
    options.headers['X-Requested-With'] = 'XMLHttpRequest';
    // Spring Security's CSRF token, from its cookie: the session cookie alone changes nothing (docs/security.md)
    const csrf = csrfToken();
    if (csrf) options.headers['X-XSRF-TOKEN'] = csrf;
  }
  if (body !== undefined) {
    options.body = typeof body === 'string' ? body : JSON.stringify(body);
    options.headers['Content-Type'] = contentType || 'application/json';
  }
  const response = await fetch(path, options);
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (notJson) { data = text; }
  if (!response.ok && response.status !== 422 && response.status !== 409) {
    const reason = data && (data.error || data.message || data.detail);
    throw new Error(`${method} ${path}: ${response.status}${reason ? ' ' + reason : ''}`);
  }
  return { status: response.status, data };
}

const get = path => api('GET', path).then(r => r.data);

function csrfToken() {
  const cookie = document.cookie.split('; ').find(c => c.startsWith('XSRF-TOKEN='));
  return cookie ? decodeURIComponent(cookie.substring('XSRF-TOKEN='.length)) : '';
}

// Sign-out is a form post (Spring Security's /logout, with the CSRF token), so that the browser follows the redirect
// to the identity provider, which ends its session too, and comes back to the console's sign-in.
function signOut() {
  const form = h('form', { method: 'POST', action: 'logout', hidden: true }, h('input', { type: 'hidden', name: '_csrf', value: csrfToken() }));
  document.body.append(form);
  form.submit();
}

function say(text, isError) {
  message.hidden = false;
  message.className = isError ? 'error' : '';
  message.textContent = text;
}

function may(...roles) {
  return roles.some(role => me.roles.includes(role));
}
const OPS = ['ADMIN', 'OPERATIONS'];
// the pages each role may see (docs/security.md): Insights and Sales users see accounts and segments only
const VIEW = ['ADMIN', 'OPERATIONS', 'MARKETING', 'VIEWER'];
const EVERYONE = [...VIEW, 'INSIGHTS', 'SALES'];
const PAGE_ROLES = { overview: VIEW, failures: VIEW, failure: VIEW, mappings: VIEW, mapping: VIEW, orchestrations: VIEW,
  orchestration: VIEW, accounts: EVERYONE,
  account: EVERYONE, segments: EVERYONE, 'six-qa': VIEW, tokens: EVERYONE, users: ['ADMIN'],
  audit: OPS };

function time(value) {
  return value ? new Date(value).toLocaleString() : '';
}

function badge(text) {
  return h('span', { class: 'badge ' + text }, text);
}

function table(columns, rows, onRowClick) {
  return h('table', {},
    h('thead', {}, h('tr', {}, columns.map(c => h('th', { class: c.num ? 'num' : null }, c.title)))),
    h('tbody', {}, rows.length === 0
      ? h('tr', {}, h('td', { colspan: columns.length, class: 'muted' }, 'None.'))
      : rows.map(row => h('tr', { class: onRowClick ? 'clickable' : null, onclick: onRowClick ? () => onRowClick(row) : null },
          columns.map(c => h('td', { class: c.num ? 'num' : null }, c.cell(row)))))));
}

function action(label, run, attributes) {
  const button = h('button', attributes || {}, label);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await run();
    } catch (error) {
      say(error.message, true);
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

function section(title, ...content) {
  return h('section', {}, h('h2', {}, title), ...content);
}

function query(parameters) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? '?' + text : '';
}

// ---- charts (Chart.js, served as a WebJar from /webjars/chart.js) ------------------------------------------------

const CHART_DAYS = 7;
// the charts drawn; each is destroyed once another page has replaced its own (Chart.js observes its canvas's size)
let drawnCharts = [];

function forgetChartsNotShown() {
  drawnCharts = drawnCharts.filter(drawn => {
    if (drawn.canvas.isConnected) return true;
    drawn.destroy();
    return false;
  });
}

// A canvas with its chart, or a note saying why there is none (the library did not load: see the browser's console).
function chartFigure(name, config) {
  if (typeof Chart === 'undefined') {
    return h('p', { class: 'muted', 'data-chart': name }, 'Chart not drawn: the chart library (/webjars/chart.js) did not load.');
  }
  const canvas = h('canvas', { 'data-chart': name, role: 'img' });
  drawnCharts.push(new Chart(canvas, config));
  return h('div', { class: 'chart' }, canvas);
}

const shortDate = millis => new Date(millis).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });

// x: time in milliseconds on a linear axis (Chart.js's time axis would need a date adapter); a tick a day, at UTC midnight
function timeAxis(fromMillis, toMillis) {
  return { type: 'linear', min: fromMillis, max: toMillis, ticks: { callback: shortDate, stepSize: 86400000, maxTicksLimit: 32 } };
}

function timeTooltips() {
  return { callbacks: { title: items => items.length ? new Date(items[0].parsed.x).toLocaleString() : '' } };
}

const sum = (values, pick) => values.reduce((total, value) => total + pick(value), 0);

// One chart per job: records per run (written to the system, or pulled into the signal store) and API calls per run.
function runCharts(series, now) {
  const from = now - CHART_DAYS * 86400000;
  const byJob = new Map();
  series.forEach(run => byJob.set(run.job, [...(byJob.get(run.job) || []), run]));
  if (byJob.size === 0) return [h('p', { class: 'muted' }, `No runs in the last ${CHART_DAYS} days.`)];
  return [...byJob.entries()].map(([job, runs]) => {
    const { kind, system } = runs[runs.length - 1];
    const records = run => kind === 'write' ? run.recordsWritten : run.recordsPulled;
    const recordsLabel = kind === 'write' ? `records written to ${system}` : 'records pulled';
    const at = run => Date.parse(run.startedAt);
    return h('figure', { class: 'job-chart' },
      h('figcaption', {}, h('strong', {}, job), ` ${runs.length} runs, ${sum(runs, records)} ${recordsLabel}, `
        + `${sum(runs, run => run.apiCalls)} API calls to ${system || 'other systems'}`),
      chartFigure('runs:' + job, {
        data: {
          datasets: [
            { type: 'bar', label: recordsLabel, yAxisID: 'records', barThickness: 3, backgroundColor: '#2457c5',
              data: runs.map(run => ({ x: at(run), y: records(run) })) },
            { type: 'line', label: `API calls to ${system || 'other systems'}`, yAxisID: 'calls', borderColor: '#a15c00',
              backgroundColor: '#a15c00', borderWidth: 1, pointRadius: 1.5, data: runs.map(run => ({ x: at(run), y: run.apiCalls })) },
          ],
        },
        options: {
          animation: false, maintainAspectRatio: false, plugins: { tooltip: timeTooltips() },
          scales: {
            x: timeAxis(from, now),
            records: { position: 'left', beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'records' } },
            calls: { position: 'right', beginAtZero: true, ticks: { precision: 0 }, grid: { drawOnChartArea: false },
              title: { display: true, text: 'API calls' } },
          },
        },
      }));
  });
}

// The org's API calls of the last 24 hours at each 15-minute reading, against the daily allocation.
function apiUsageChart(usage, now) {
  const points = usage.points;
  if (points.length === 0) return h('p', { class: 'muted' }, `No API usage recorded in the last ${CHART_DAYS} days.`);
  const latest = points[points.length - 1];
  const at = point => Date.parse(point.takenAt);
  return h('figure', {},
    h('figcaption', {}, `Latest: ${latest.used} of ${latest.dailyMax} calls`
      + `${latest.dailyMax > 0 ? ` (${(100 * latest.used / latest.dailyMax).toFixed(1)} %)` : ''} `
      + `at ${time(latest.takenAt)}; highest in ${CHART_DAYS} days: ${Math.max(...points.map(p => p.used))}`),
    chartFigure('salesforce-api-usage', {
      type: 'line',
      data: {
        datasets: [
          { label: 'API calls used (last 24 h)', borderColor: '#2457c5', backgroundColor: 'rgba(36, 87, 197, .15)', fill: 'origin',
            borderWidth: 1.5, pointRadius: 0, data: points.map(point => ({ x: at(point), y: point.used })) },
          { label: 'daily allocation', borderColor: '#b3261e', backgroundColor: '#b3261e', borderDash: [6, 4], borderWidth: 1.5,
            pointRadius: 0, stepped: true, data: points.map(point => ({ x: at(point), y: point.dailyMax })) },
        ],
      },
      options: {
        animation: false, maintainAspectRatio: false, interaction: { mode: 'index', intersect: false },
        plugins: { tooltip: timeTooltips() },
        scales: { x: timeAxis(now - CHART_DAYS * 86400000, now), y: { beginAtZero: true, title: { display: true, text: 'API calls' } } },
      },
    }));
}

// The buying-stage funnel: accounts per stage, Target to Purchase, and how many of them are 6QA.
function stageFunnel(stages) {
  const total = sum(stages, stage => stage.accounts);
  return h('figure', {},
    h('figcaption', {}, `${total} scored accounts; ${sum(stages, stage => stage.sixQa)} 6QA`),
    chartFigure('buying-stages', {
      type: 'bar',
      data: {
        labels: stages.map(stage => stage.stage),
        datasets: [
          { label: 'accounts', backgroundColor: '#2457c5', data: stages.map(stage => stage.accounts) },
          { label: 'of which 6QA', backgroundColor: '#1e7d3a', data: stages.map(stage => stage.sixQa) },
        ],
      },
      options: {
        indexAxis: 'y', animation: false, maintainAspectRatio: false,
        plugins: { tooltip: { callbacks: { footer: items => items.length && total
          ? `${(100 * stages[items[0].dataIndex].accounts / total).toFixed(1)} % of the scored accounts` : '' } } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'accounts' } } },
      },
    }));
}

// ---- views ------------------------------------------------------------------------------------------------------

// Salesforce change events on this node (GET /api/freshness): how far the subscription has read, and how long a change
// took to reach the write-back in the last hour
function freshness(fresh) {
  if (!fresh.streaming) {
    return h('p', { class: 'muted' }, 'Change events are off on this node (signalbridge.salesforce.streaming.enabled, or another node leads): '
      + 'the scheduled pulls keep the scores fresh.');
  }
  const f = fresh.figures;
  const seconds = ms => ms === null || ms === undefined ? '–' : (ms / 1000).toFixed(1) + ' s';
  return h('p', {}, `${fresh.channel}: read to replay id ${fresh.lastReplayId ?? '–'}`
      + (fresh.lastEventTime ? ` (event of ${time(fresh.lastEventTime)})` : '') + `; last hour: ${f.events} event(s), `
      + `change → write-back p50 ${seconds(f.p50Ms)}, p95 ${seconds(f.p95Ms)}, max ${seconds(f.maxMs)}`);
}

async function overview() {
  const [systems, jobs, runs, series, usage, fresh] = await Promise.all([get('/api/systems'), get('/api/syncs'), get('/api/syncs/runs?limit=25'),
    get(`/api/syncs/runs/series?days=${CHART_DAYS}`), get(`/api/systems/salesforce/api-usage?days=${CHART_DAYS}`), get('/api/freshness')]);
  const now = Date.now();
  const runJob = job => action('Run now', async () => {
    const { status, data } = await api('POST', `/api/syncs/${encodeURIComponent(job)}/run`);
    say(`${job}: ${status === 409 ? 'already running' : data.status}`);
  });
  return [
    section('External systems', table([
      { title: 'System', cell: s => s.system },
      { title: 'Circuit', cell: s => badge(s.circuitBreaker) },
      { title: 'Failure rate', num: true, cell: s => s.failureRate < 0 ? '–' : s.failureRate.toFixed(0) + ' %' },
      { title: 'Paused until', cell: s => time(s.pausedUntil) },
      { title: 'Free concurrent calls', num: true, cell: s => s.freeConcurrentCalls ?? '' },
      { title: 'Quota parked until', cell: s => time(s.quotaParkedUntil) },
    ], systems)),
    section('Freshness', freshness(fresh)),
    section(`Salesforce API usage, last ${CHART_DAYS} days`, apiUsageChart(usage, now)),
    section(`Runs per job, last ${CHART_DAYS} days`, h('div', { class: 'job-charts' }, runCharts(series, now))),
    section('Sync jobs', table([
      { title: 'Job', cell: j => j.job },
      { title: 'Reads', cell: j => (j.objects || []).join(', ') },
      { title: 'Schedule', cell: j => j.cron },
      { title: 'Next', cell: j => j.running ? badge('RUNNING') : time(j.nextFire) },
      { title: 'Last run', cell: j => j.lastRun ? [badge(j.lastRun.status), ' ', time(j.lastRun.startedAt)] : '' },
      { title: '', cell: j => may(...OPS) ? runJob(j.job) : '' },
    ], jobs)),
    section('Scoring and write-back',
      h('div', { class: 'filters' },
        may(...OPS) && action('Score now', async () => {
          const { data } = await api('POST', '/api/scoring/run');
          say(`Scoring run ${data.run} (${data.type}): ${data.accounts} accounts, ${data.people} people, ${data.events} stage / 6QA events`);
        }, { class: 'primary' }),
        action('Preview write-back', async () => {
          const { data: salesforce } = await api('POST', '/api/syncs/salesforce-writeback/preview');
          // 404: no active Marketo lead mapping, so nothing would be pushed
          const marketo = await api('POST', '/api/syncs/marketo-lead-push/preview').then(r => [r.data], () => []);
          const data = [...salesforce.map(p => ({ ...p, by: p.bulk ? 'Bulk API 2.0' : 'sObject Collections' })),
            ...marketo.map(p => ({ ...p, by: 'Marketo Sync Leads' }))];
          document.getElementById('preview').replaceChildren(table([
            { title: 'Mapping', cell: p => p.mapping },
            { title: 'Object', cell: p => p.object },
            { title: 'Records', num: true, cell: p => p.records },
            { title: 'Would change', num: true, cell: p => p.changed },
            { title: 'Blocked by a failure', num: true, cell: p => p.blocked },
            { title: 'By', cell: p => p.by },
          ], data));
        }),
        may(...OPS) && action('Write back now', async () => {
          const { status } = await api('POST', '/api/syncs/salesforce-writeback/run');
          say(status === 409 ? 'The write-back is already running' : 'Write-back started: see the runs below');
        }),
        may(...OPS) && action('Push to Marketo now', async () => {
          const { status } = await api('POST', '/api/syncs/marketo-lead-push/run');
          say(status === 409 ? 'The Marketo lead push is already running' : 'Marketo lead push started: see the runs below');
        })),
      h('div', { id: 'preview' })),
    section('Recent runs', table([
      { title: 'Run', num: true, cell: r => r.id },
      { title: 'Job', cell: r => r.job },
      { title: 'Trigger', cell: r => r.trigger },
      { title: 'Started', cell: r => time(r.startedAt) },
      { title: 'Status', cell: r => badge(r.status) },
      { title: 'Records', cell: r => Object.entries(r.recordsByObject || {}).map(([k, v]) => `${k} ${v}`).join(', ') },
      { title: 'API calls', num: true, cell: r => r.apiCalls },
      { title: 'Error', cell: r => r.error || '' },
    ], runs)),
  ];
}

// parameters: the filter form's values, or the text after #failures/ in a link (an alert's: status=FAILED&from=...)
async function failures(parameters) {
  const given = typeof parameters === 'string' ? Object.fromEntries(new URLSearchParams(parameters)) : parameters;
  const filter = Object.assign({ status: 'FAILED', limit: 100 }, given);
  const rows = await get('/api/failures' + query(filter));
  const field = (name, placeholder) => h('input', { name, placeholder, value: filter[name] || '' });
  const form = h('form', { class: 'filters' },
    field('route', 'route'), field('errorCode', 'error code'), field('from', 'failed since (ISO time)'),
    h('select', { name: 'status' }, ['', 'FAILED', 'REPLAYED', 'DISCARDED', 'RESOLVED'].map(s =>
      h('option', { value: s, selected: s === (filter.status || '') }, s || 'any status'))),
    h('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    show('failures', Object.fromEntries(new FormData(form)));
  });
  const versionChoice = h('select', { title: 'mapping version a replayed write-back uses' },
    h('option', { value: 'current' }, 'current mapping'), h('option', { value: 'original' }, 'mapping of the failed run'));
  const bulk = may(...OPS) && filter.status === 'FAILED' && rows.length > 0 && action(`Replay all matching`, async () => {
    const { data } = await api('POST', '/api/failures/replay' + query({ route: filter.route, errorCode: filter.errorCode,
      from: filter.from, mappingVersion: versionChoice.value }));
    say(`${data.replayed} replayed, ${data.failedAgain} failed again`);
    await show('failures', filter);
  });
  return [
    section('Failed exchanges', form, h('div', { class: 'filters' }, bulk, bulk && versionChoice),
      table([
        { title: 'Id', num: true, cell: f => f.id },
        { title: 'Route', cell: f => f.routeId },
        { title: 'Step', cell: f => f.step },
        { title: 'Code', cell: f => f.errorCode || f.errorClass },
        { title: 'Message', cell: f => f.message },
        { title: 'Attempts', num: true, cell: f => f.attempts },
        { title: 'Last failure', cell: f => time(f.lastFailure) },
        { title: 'Status', cell: f => badge(f.status) },
      ], rows, f => location.hash = '#failure/' + f.id)),
  ];
}

async function failure(id) {
  const { failure: f, audit } = await get('/api/failures/' + encodeURIComponent(id));
  const versionChoice = h('select', {}, h('option', { value: 'current' }, 'current mapping'),
    h('option', { value: 'original' }, 'mapping of the failed run'));
  const outcome = result => {
    say(`Failure ${id}: ${result.data.result}${result.data.detail ? ' – ' + result.data.detail : ''}`, result.status >= 400);
    return show('failure', id);
  };
  const actions = may(...OPS) && f.status === 'FAILED' && h('div', { class: 'filters' },
    action('Replay', async () => outcome(await api('POST', `/api/failures/${id}/replay` + query({ mappingVersion: versionChoice.value }))),
      { class: 'primary' }),
    versionChoice,
    action('Discard', async () => {
      if (confirm(`Discard failure ${id}? It will not be written.`)) outcome(await api('POST', `/api/failures/${id}/discard`));
    }, { class: 'danger' }));
  return [
    h('p', {}, h('a', { href: '#failures' }, '← Failed exchanges')),
    section(`Failure ${f.id}: ${f.routeId} / ${f.step}`,
      actions,
      table([{ title: 'Field', cell: r => r[0] }, { title: 'Value', cell: r => r[1] }], [
        ['Status', badge(f.status)], ['Error', `${f.errorClass}${f.errorCode ? ' (' + f.errorCode + ')' : ''}`],
        ['Message', f.message], ['Record key', f.failureKey || ''], ['Attempts', f.attempts],
        ['First failure', time(f.firstFailure)], ['Last failure', time(f.lastFailure)], ['Replays into', f.replayTarget || ''],
      ]),
      h('h2', {}, 'Payload'), h('pre', {}, f.payload || ''),
      h('h2', {}, 'Headers (secrets removed)'), h('pre', {}, JSON.stringify(f.headers || {}, null, 2))),
    section('Audit', table([
      { title: 'When', cell: a => time(a.at) },
      { title: 'Who', cell: a => a.actor },
      { title: 'Action', cell: a => a.action },
      { title: 'Outcome', cell: a => a.outcome },
    ], audit)),
  ];
}

async function mappings() {
  const list = await get('/api/mappings');
  return section('Field mappings', table([
    { title: 'Mapping', cell: m => m.name },
    { title: 'Object', cell: m => m.object || '' },
    { title: 'Fields', num: true, cell: m => m.fields ?? '' },
    { title: 'Active version', num: true, cell: m => m.version ?? 'none valid' },
  ], list, m => location.hash = '#mapping/' + m.name));
}

async function mapping(name) {
  return documentPage({ path: '/api/mappings/' + encodeURIComponent(name), name, page: 'mapping', back: ['#mappings', 'Field mappings'],
    validated: data => data.wouldWrite ? ` – the write-back would change ${data.wouldWrite.changed} of ${data.wouldWrite.records} records` : '' });
}

/** A YAML document kept in versions (a field mapping, an orchestration): editor, validate, save, versions, rollback. */
async function documentPage({ path, name, page, back, validated, buttons, below }) {
  const [active, versions] = await Promise.all([get(path), get(path + '/versions')]);
  const editor = h('textarea', { spellcheck: 'false' });
  editor.value = active.content;
  const report = h('div', {});
  const showReport = data => report.replaceChildren(
    data.valid ? h('p', {}, badge('valid'), data.version ? ` saved as version ${data.version}` : '', validated ? validated(data) : '')
      : h('div', {}, badge('invalid'), ' the active version stays in use',
        h('ul', { class: 'errors' }, (data.errors || []).map(e => h('li', {}, `${e.file}:${e.line} ${e.field || ''}: ${e.reason}`)))),
    data.diff ? h('pre', {}, data.diff) : '');
  return [
    h('p', {}, h('a', { href: back[0] }, '← ' + back[1])),
    section(`${name} (active version ${active.version})`, editor,
      h('div', { class: 'filters' },
        action('Validate', async () => showReport((await api('POST', path + '/validate', editor.value, 'text/plain')).data)),
        may(...OPS) && action('Save', async () => {
          const { data } = await api('PUT', path, editor.value, 'text/plain');
          showReport(data);
          if (data.valid) say(`${name}: version ${data.version} is active`);
        }, { class: 'primary' }),
        ...(buttons ? buttons(report) : [])),
      report),
    ...(below ? await below() : []),
    section('Versions', table([
      { title: 'Version', num: true, cell: v => v.version },
      { title: 'Author', cell: v => v.author },
      { title: 'From', cell: v => v.origin },
      { title: 'When', cell: v => time(v.createdAt) },
      { title: 'Change', cell: v => v.diff ? h('pre', {}, v.diff) : '' },
      { title: '', cell: v => may(...OPS) && v.version !== active.version ? action('Roll back to this', async () => {
        const { data } = await api('POST', `${path}/rollback/${v.version}`);
        say(data.valid ? `${name}: version ${data.version} is active` : `Rollback refused: ${(data.errors || []).map(e => e.reason).join('; ')}`,
          !data.valid);
        await show(page, name);
      }) : '' },
    ], [...versions].reverse())),
  ];
}

async function orchestrations() {
  const list = await get('/api/orchestrations');
  return section('Orchestrations', table([
    { title: 'Orchestration', cell: o => o.name },
    { title: 'Enabled', cell: o => o.enabled ? badge('enabled') : 'no' },
    { title: 'Trigger', cell: o => describeTrigger(o.trigger) },
    { title: 'Actions', cell: o => o.actions.join(', ') },
    { title: 'Active version', num: true, cell: o => o.version },
    { title: 'What for', cell: o => o.description },
  ], list, o => location.hash = '#orchestration/' + o.name));
}

function describeTrigger(trigger) {
  if (trigger.kind === 'STAGE_CHANGED') {
    return (trigger.fromStages.length ? trigger.fromStages.join(' / ') : 'any stage') + ' → ' + trigger.toStage;
  }
  if (trigger.kind === 'INTENT_SURGE') return 'intent surges';
  return trigger.kind === 'SIX_QA_STARTED' ? '6QA starts' : 'enters segment ' + trigger.segment;
}

async function orchestration(name) {
  const path = '/api/orchestrations/' + encodeURIComponent(name);
  return documentPage({ path, name, page: 'orchestration', back: ['#orchestrations', 'Orchestrations'],
    buttons: report => [
      action('Preview', async () => {
        const { data } = await api('POST', path + '/preview');
        report.replaceChildren(h('p', {}, `${data.accounts} account(s) in the trigger's state now; a run would do ${data.actions - data.alreadyPlanned}`
            + ` action(s) (${Object.entries(data.bySystem).map(([system, n]) => `${system} ${n}`).join(', ') || 'none'});`
            + ` ${data.alreadyPlanned} were done before. Nothing was sent.`),
          table([
            { title: 'Account', cell: l => l.accountName || l.accountId },
            { title: 'Episode', cell: l => l.episode },
            { title: 'Action', cell: l => l.action },
            { title: 'Person', cell: l => l.personEmail || '' },
            { title: '', cell: l => l.alreadyPlanned ? 'done before' : 'would do' },
          ], data.lines));
      }),
      may(...OPS) && action('Run now', async () => {
        const { status } = await api('POST', path + '/run');
        say(status === 409 ? 'Orchestrations are running; try again when they end' : `${name}: run started (see Overview, job orchestrations:${name})`,
          status === 409);
      }),
    ],
    below: async () => [section('Actions done', table([
      { title: 'When', cell: a => time(a.doneAt || a.createdAt) },
      { title: 'Account', cell: a => a.accountId },
      { title: 'Person', cell: a => a.personId },
      { title: 'Action', cell: a => a.actionType },
      { title: 'Status', cell: a => badge(a.status) },
      { title: 'Outcome', cell: a => a.outcome || '' },
    ], await get('/api/orchestrations/actions?limit=50&orchestration=' + encodeURIComponent(name))))],
  });
}

async function segments() {
  const [list, runs] = await Promise.all([get('/api/segments'), get('/api/segments/runs?limit=20')]);
  const toggle = view => {
    const id = view.segment.id;
    const published = view.segment.published;
    return action(published ? 'Unpublish' : 'Publish', async () => {
      const { status, data } = await api('POST', published ? `/api/segments/${id}/unpublish` : `/api/segments/${id}/publish`);
      say(status === 409 ? data.error : `${view.segment.name}: ${data.action.toLowerCase()} (${data.members} members)`, status === 409);
      await show('segments');
    });
  };
  return [
    section('Segments', table([
      { title: 'Name', cell: v => v.segment.name },
      { title: 'Folder', cell: v => v.segment.folder },
      { title: 'Kind', cell: v => v.segment.kind },
      { title: 'Members', num: true, cell: v => v.members },
      { title: 'Marketo list', cell: v => v.segment.audienceList || '' },
      { title: 'Published', cell: v => v.segment.published ? 'yes' : 'no' },
      { title: '', cell: v => may(...OPS) ? toggle(v) : '' },
    ], list)),
    section('Membership runs', table([
      { title: 'Run', num: true, cell: r => r.id },
      { title: 'Started', cell: r => time(r.startedAt) },
      { title: 'Status', cell: r => badge(r.status) },
      { title: 'Entries', num: true, cell: r => r.entries },
      { title: 'Exits', num: true, cell: r => r.exits },
      { title: 'Names changed', num: true, cell: r => r.namesChanged },
      { title: 'Too long', num: true, cell: r => r.namesRefused },
      { title: 'Marketo calls', num: true, cell: r => r.marketoCalls },
      { title: 'Error', cell: r => r.error || '' },
    ], runs.runs)),
  ];
}

async function accounts(parameters) {
  const filter = Object.assign({ sort: 'intent', sixQa: 'false', limit: 50 }, parameters);
  const [rows, stages] = await Promise.all([get('/api/accounts/scores' + query(filter)), get('/api/accounts/stages')]);
  const form = h('form', { class: 'filters' },
    'Top accounts by', h('select', { name: 'sort' }, ['intent', 'profile', 'reach'].map(s => h('option', { value: s, selected: s === filter.sort }, s))),
    h('label', {}, h('input', { type: 'checkbox', name: 'sixQa', value: 'true', checked: filter.sixQa === 'true' }), ' 6QA only'),
    h('button', { type: 'submit' }, 'Show'),
    h('span', { class: 'muted' }, 'or open an account id:'), h('input', { name: 'id', placeholder: '001…' }));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form));
    if (values.id) location.hash = '#account/' + values.id.trim();
    else show('accounts', { sort: values.sort, sixQa: values.sixQa || 'false' });
  });
  return [section('Buying stages', stageFunnel(stages)), section('Account scores', form, table([
    { title: 'Account', cell: a => a.name || a.accountId },
    { title: 'Intent', num: true, cell: a => a.intentScore },
    { title: 'Buying stage', cell: a => a.buyingStage },
    { title: 'Profile fit', cell: a => `${a.profileFit} (${a.profileScore})` },
    { title: 'Reach', cell: a => `${a.reachLevel} (${a.reachScore})` },
    { title: '6QA', cell: a => a.sixQa ? `since ${a.sixQaStartDate}` : '' },
  ], rows, a => location.hash = '#account/' + a.accountId))];
}

async function account(id) {
  const s = await get(`/api/accounts/${encodeURIComponent(id)}/score`);
  return [
    h('p', {}, h('a', { href: '#accounts' }, '← Account scores')),
    section(`Account ${s.accountId} as of ${s.asOf}`, table([{ title: 'Score', cell: r => r[0] }, { title: 'Value', cell: r => r[1] }], [
      ['Intent', `${s.intentScore} (in-market probability ${(s.inMarketProbability * 100).toFixed(1)} %)`],
      ['Buying stage', s.buyingStage], ['Profile fit', `${s.profileFit} (${s.profileScore})`], ['Reach', `${s.reachLevel} (${s.reachScore})`],
      ['6QA', s.sixQa ? `yes, since ${s.sixQaStartDate} (${s.sixQaAgeInDays} days)` : `no${s.sixQaEndDate ? ', last ended ' + s.sixQaEndDate : ''}`],
    ])),
    section('Strongest contributors', table([
      { title: 'Model', cell: c => c.model },
      { title: 'Feature', cell: c => c.feature },
      { title: 'Value', num: true, cell: c => Number(c.value).toFixed(2) },
      { title: 'Log-odds', num: true, cell: c => Number(c.logOdds).toFixed(3) },
    ], s.topContributors || [])),
    section('Stage and 6QA history', table([
      { title: 'Date', cell: e => e.date },
      { title: 'Change', cell: e => e.type },
      { title: 'From', cell: e => e.from || '' },
      { title: 'To', cell: e => e.to },
    ], s.history || [])),
  ];
}

async function sixQa(parameters) {
  const filter = Object.assign({ page: 0, size: 50 }, parameters);
  const [status, page] = await Promise.all([get('/api/marketo/six-qa-scoring/status'),
    get('/api/marketo/six-qa-scoring' + query(filter))]);
  return [
    section('6QA behaviour scoring',
      h('p', {}, `+${status.points} points by ${status.action} after ${status.waitTime}, at most once per ${status.limitWindow}; `
        + `no points for statuses ${status.excludedStatuses.join(', ')}. Next check ${time(status.nextFire)}; `
        + `${status.openTimers.length} lead timers waiting.`),
      may(...OPS) && action('Check due timers now', async () => {
        const { status: code } = await api('POST', '/api/marketo/six-qa-scoring/run');
        say(code === 409 ? 'Already running' : 'Started');
      })),
    section(`Decisions (${page.total})`, table([
      { title: 'When', cell: d => time(d.decidedAt) },
      { title: 'Account', cell: d => d.accountId },
      { title: 'Lead', num: true, cell: d => d.leadId },
      { title: 'Decision', cell: d => d.decision },
      { title: 'Points', num: true, cell: d => d.points ?? '' },
      { title: 'Reason', cell: d => d.reason },
    ], page.decisions)),
  ];
}

// Personal API tokens: a script's credentials, with the user's roles of now. The token is shown once, at creation.
async function tokens() {
  const list = await get('/api/tokens');
  const created = h('div', { id: 'created-token' });
  const form = h('form', { class: 'filters' },
    h('input', { name: 'name', placeholder: 'what the token is for', required: true, maxlength: 200 }),
    h('label', {}, 'expires in ', h('input', { name: 'expiresInDays', type: 'number', min: 1, max: 365, value: 90 }), ' days'),
    h('button', { type: 'submit', class: 'primary' }, 'Create token'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form));
    try {
      const { status, data } = await api('POST', '/api/tokens', { name: values.name, expiresInDays: Number(values.expiresInDays) });
      if (status >= 400) throw new Error(data.error);
      await show('tokens');
      document.getElementById('created-token').replaceChildren(h('p', {}, `Token "${data.name}" (copy it now, it is not shown again): `),
        h('pre', { id: 'new-token' }, data.token),
        h('p', { class: 'muted' }, `curl -H 'Authorization: Bearer ${data.token.substring(0, 8)}…' ${location.origin}/api/me`));
    } catch (error) {
      say(error.message, true);
    }
  });
  return [
    section('Create an API token', h('p', { class: 'muted' }, `For scripts: Authorization: Bearer <token>. It has your roles (${me.roles.join(', ')}).`),
      form, created),
    section('My API tokens', table([
      { title: 'Name', cell: t => t.name },
      { title: 'Token', cell: t => t.hint + '…' },
      { title: 'Roles', cell: t => t.roles.join(', ') },
      { title: 'Created', cell: t => time(t.createdAt) },
      { title: 'Expires', cell: t => time(t.expiresAt) },
      { title: 'Last used', cell: t => t.lastUsedAt ? time(t.lastUsedAt) : 'never' },
      { title: 'State', cell: t => badge(t.revokedAt ? 'REVOKED' : t.active ? 'ACTIVE' : 'EXPIRED') },
      { title: '', cell: t => t.active ? action('Revoke', async () => {
        await api('DELETE', `/api/tokens/${t.id}`);
        say(`Token "${t.name}" revoked`);
        await show('tokens');
      }, { class: 'danger' }) : '' },
    ], list)),
  ];
}

// Roles an admin assigns: they replace the roles of the user's Okta groups from the user's next sign-in.
async function users() {
  const [list, seats, audits] = await Promise.all([get('/api/users/roles'), get('/api/seats'), get('/api/seats/audits?limit=1')]);
  const roles = ['ADMIN', 'OPERATIONS', 'MARKETING', 'VIEWER', 'INSIGHTS', 'SALES'];
  const form = h('form', { class: 'filters' },
    h('input', { name: 'user', placeholder: 'user name, as signed in', required: true }),
    roles.map(role => h('label', {}, h('input', { type: 'checkbox', name: 'role', value: role }), ' ', role.toLowerCase())),
    h('button', { type: 'submit', class: 'primary' }, 'Assign roles'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      const user = data.get('user').trim();
      const { status, data: answer } = await api('PUT', `/api/users/${encodeURIComponent(user)}/roles`, { roles: data.getAll('role') });
      if (status >= 400) throw new Error(answer.error);
      await show('users');
      say(`${user}: ${answer.roles.join(', ')} from their next sign-in`);
    } catch (error) {
      say(error.message, true);
    }
  });
  return [
    section('Assign roles', h('p', { class: 'muted' }, 'An assignment replaces the roles of the user\'s identity provider groups '
      + '(a user in no mapped group is VIEWER) from their next sign-in; removing it returns them to their groups\' roles.'), form),
    section('Assigned roles', table([
      { title: 'User', cell: a => a.userName },
      { title: 'Roles', cell: a => a.roles.join(', ') },
      { title: 'Assigned by', cell: a => a.assignedBy },
      { title: 'When', cell: a => time(a.assignedAt) },
      { title: '', cell: a => action('Remove', async () => {
        await api('DELETE', `/api/users/${encodeURIComponent(a.userName)}/roles`);
        say(`${a.userName}: the roles of their groups again, from their next sign-in`);
        await show('users');
      }, { class: 'danger' }) },
    ], list)),
    section(`Seats (${seats.active} active${seats.limit ? ' of ' + seats.limit : ''}; unused for ${seats.unusedDays} days: revoked by the daily audit)`,
      h('div', { class: 'filters' },
        action('Seat audit: dry run', async () => {
          const { data } = await api('POST', '/api/seats/audit?dryRun=true');
          say(`Dry run: ${data.revoked} seat(s) would be revoked, ${data.kept} kept`);
          await show('users');
        }),
        action('Run the seat audit now', async () => {
          const { data } = await api('POST', '/api/seats/audit?dryRun=false');
          say(`${data.revoked} seat(s) revoked, ${data.kept} kept`);
          await show('users');
        }, { class: 'danger' })),
      table([
        { title: 'User', cell: u => u.userName },
        { title: 'Seat', cell: u => u.active ? badge('active') : 'revoked or inactive' },
        { title: 'Roles', cell: u => u.roles },
        { title: 'Last sign-in', cell: u => u.lastSignIn ? `${time(u.lastSignIn)} (${u.via.toLowerCase().replace('_', ' ')})` : 'never' },
        { title: 'Provisioned', cell: u => time(u.provisioned) },
      ], seats.users)),
    audits.length ? section(`Last seat audit (${time(audits[0].at)}${audits[0].dryRun ? ', dry run' : ''}, by ${audits[0].actor})`, table([
      { title: 'User', cell: e => e.userName },
      { title: 'Roles', cell: e => e.roles },
      { title: 'Last sign-in', cell: e => e.lastSignIn ? time(e.lastSignIn) : 'never' },
      { title: 'Action', cell: e => badge(e.action.toLowerCase().replace('_', ' ')) },
    ], audits[0].entries)) : '',
  ];
}

// Every state change through the API: who, when, what, how it ended (GET /api/audit, ADMIN and OPERATIONS).
async function audit(argument) {
  const filter = Object.fromEntries(new URLSearchParams(argument || ''));
  const list = await get('/api/audit' + query({ actor: filter.actor, action: filter.action, limit: 200 }));
  const form = h('form', { class: 'filters' },
    h('input', { name: 'actor', placeholder: 'user', value: filter.actor || '' }),
    h('input', { name: 'action', placeholder: 'action, e.g. POST /api/syncs/{job}/run', value: filter.action || '', size: 40 }),
    h('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    location.hash = 'audit/' + query(Object.fromEntries(new FormData(form))).substring(1);
  });
  return [
    section('Audit log', h('p', { class: 'muted' }, 'State changes made through the API and the console by signed-in users, '
      + 'refused ones included; newest first (the last 200).'), form,
      table([
        { title: 'When', cell: e => time(e.at) },
        { title: 'Who', cell: e => e.actor },
        { title: 'Action', cell: e => e.action },
        { title: 'Target', cell: e => e.target },
        { title: 'Outcome', cell: e => badge(e.outcome.toUpperCase()) },
        { title: 'Detail', cell: e => e.detail },
      ], list)),
  ];
}

// ---- routing ----------------------------------------------------------------------------------------------------

const views = { overview, failures, failure, mappings, mapping, orchestrations, orchestration, segments, accounts, account, 'six-qa': sixQa, tokens, users, audit };

async function show(name, argument) {
  try {
    const content = await views[name](argument);
    view.replaceChildren(...[content].flat());
    forgetChartsNotShown();
  } catch (error) {
    view.replaceChildren(h('p', { class: 'muted' }, 'Could not load this page.'));
    say(error.message, true);
  }
}

function mayOpen(page) {
  return may(...PAGE_ROLES[page]);
}

function route() {
  const first = Object.keys(PAGE_ROLES).find(mayOpen) || 'accounts';
  const [name, argument] = decodeURIComponent(location.hash.substring(1) || first).split(/\/(.*)/s);
  const known = views[name] && mayOpen(name) ? name : first;
  document.querySelectorAll('#tabs a').forEach(a => {
    const tab = a.getAttribute('href').substring(1);
    a.hidden = !mayOpen(tab);
    a.classList.toggle('active', tab === known || tab === known + 's');
  });
  message.hidden = true;
  show(known, argument);
}

window.addEventListener('hashchange', route);
document.getElementById('sign-out').addEventListener('click', signOut);
get('/api/me').then(user => {
  me = user;
  document.getElementById('user').textContent = `${user.name} (${user.roles.join(', ').toLowerCase()})`;
  document.getElementById('sign-out').hidden = false;
}).catch(error => say(error.message, true)).finally(route);
