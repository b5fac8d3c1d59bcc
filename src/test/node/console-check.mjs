// Drives the console (src/main/resources/static) in a browser DOM (jsdom) against a running service: every page
// is opened as the given user, the actions a check needs are clicked, and what each page showed is printed as
// one JSON line for ConsoleInBrowserDomTest to assert on. Usage: node console-check.mjs <base url> <user> <password>
import { JSDOM } from 'jsdom';

const [base, user, password] = process.argv.slice(2);
const authorization = 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');

async function fetchText(path) {
  const response = await fetch(base + path, { headers: { Authorization: authorization } });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.text();
}

const dom = new JSDOM(await fetchText('/'), { url: base + '/', runScripts: 'outside-only', pretendToBeVisual: true });
const { window } = dom;
const { document } = window;
const calls = [];
// the browser would send the Basic credentials the user typed at the login prompt with every same-origin call
window.fetch = (path, options = {}) => {
  calls.push(`${options.method || 'GET'} ${path}`);
  return fetch(new URL(path, base + '/'), { ...options, headers: { ...options.headers, Authorization: authorization } });
};
window.confirm = () => true;
window.eval(await fetchText('/console.js'));

const until = async (what, condition, timeoutMs = 20000) => {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (condition()) return;
    await new Promise(resolve => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}; page: ${document.getElementById('view').textContent.slice(0, 400)}`);
};

const message = () => document.getElementById('message');
const errorShown = () => !message().hidden && message().className === 'error' ? message().textContent : null;

async function open(hash, ready) {
  const view = document.getElementById('view');
  view.replaceChildren();
  message().hidden = true;
  window.location.hash = hash;
  await until(hash, () => errorShown() || (view.childNodes.length > 0 && (!ready || ready())));
  return {
    error: errorShown(),
    sections: [...view.querySelectorAll('section h2')].map(h2 => h2.textContent),
    rows: view.querySelectorAll('tbody tr').length,
    buttons: [...view.querySelectorAll('button')].map(b => b.textContent),
  };
}

const button = label => [...document.querySelectorAll('#view button')].find(b => b.textContent === label);

const findings = {};
await until('who am I', () => document.getElementById('user').textContent !== '');
findings.user = document.getElementById('user').textContent;
findings.overview = await open('#overview', () => document.querySelectorAll('section').length >= 4);
findings.jobs = [...document.querySelectorAll('section')].find(s => s.querySelector('h2').textContent === 'Sync jobs')
  .querySelectorAll('tbody tr').length;

button('Preview write-back').click();
await until('the write-back preview', () => document.querySelector('#preview table') || errorShown());
findings.preview = { error: errorShown(), objects: document.querySelectorAll('#preview tbody tr').length };

findings.failures = await open('#failures', () => document.querySelector('section table'));
// the link a failure alert carries
findings.alertLink = await open('#failures/status=FAILED&from=2026-01-01T00:00:00Z', () => document.querySelector('section table'));
findings.alertLink.from = document.querySelector('input[name=from]').value;
findings.mappings = await open('#mappings', () => document.querySelector('section table'));
findings.mapping = await open('#mapping/salesforce-account', () => document.querySelector('textarea'));
findings.mappingText = document.querySelector('textarea').value.split('\n').length;
button('Validate').click();
await until('the validation report', () => document.querySelector('.badge.valid, .badge.invalid') || errorShown());
findings.validation = document.querySelector('.badge.valid, .badge.invalid')?.textContent ?? errorShown();
document.querySelector('textarea').value += '\n  - source: account.noSuchScore\n    target: NoSuchField__c\n';
button('Validate').click();
await until('the refusal', () => document.querySelector('.badge.invalid') || errorShown());
findings.refusal = [...document.querySelectorAll('.errors li')].map(li => li.textContent);

findings.orchestrations = await open('#orchestrations', () => document.querySelector('section table'));
findings.orchestration = await open('#orchestration/decision-bdr-cadence', () => document.querySelector('textarea'));
button('Preview').click();
await until('the orchestration preview', () => /Nothing was sent/.test(document.querySelector('section')?.textContent || '') || errorShown());
findings.orchestrationPreview = errorShown() || [...document.querySelectorAll('section p')].map(p => p.textContent)
  .find(text => text.includes('Nothing was sent'));

findings.segments = await open('#segments', () => document.querySelectorAll('section').length === 2);
findings.accounts = await open('#accounts', () => document.querySelector('section table'));
const firstAccount = document.querySelector('#view tbody tr.clickable');
if (firstAccount) {
  firstAccount.dispatchEvent(new window.MouseEvent('click', { bubbles: true }));
  await until('the account page', () => window.location.hash.startsWith('#account/') && document.querySelectorAll('section').length === 3);
  findings.account = { hash: window.location.hash, sections: [...document.querySelectorAll('section h2')].map(h2 => h2.textContent) };
}
findings.sixQa = await open('#six-qa', () => document.querySelectorAll('section').length === 2);
findings.audit = await open('#audit', () => document.querySelector('section table'));
findings.auditWho = [...document.querySelectorAll('#view tbody tr td:nth-child(2)')].map(td => td.textContent);
findings.calls = calls.length;
findings.errors = Object.values(findings).filter(f => f && f.error).map(f => f.error);

console.log(JSON.stringify(findings));
window.close();
