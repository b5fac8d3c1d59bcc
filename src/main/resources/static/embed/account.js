// The account view for Salesforce (an iframe on the Account page): scores, stage history, the persona map and "Add to
// Outreach". The page holds no data: it signs in through a pop-up (the console's single sign-on) that hands over a
// token, kept in this frame's session storage, and calls the API with it. docs/runbooks/salesforce-account-view.md
const TOKEN_KEY = 'signalbridge-view-token';
const accountId = decodeURIComponent(location.pathname.split('/').pop());
const view = document.getElementById('view');
let token = sessionStorage.getItem(TOKEN_KEY);

function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([name, value]) => value !== undefined && value !== false && element.setAttribute(name, value));
  children.flat().forEach(child => child !== null && child !== undefined && child !== false
    && element.append(child instanceof Node ? child : String(child)));
  return element;
}

class SignedOut extends Error {}

async function api(method, path, body) {
  const headers = { Accept: 'application/json', Authorization: 'Bearer ' + token };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit' });
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    token = null;
    throw new SignedOut();
  }
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  return { status: response.status, data };
}

function signInPrompt(reason) {
  const button = h('button', { id: 'sign-in', type: 'button' }, 'Sign in');
  button.addEventListener('click', () => window.open('/embed-signin', 'signalbridge-signin', 'popup,width=520,height=700'));
  view.replaceChildren(h('p', {}, reason || 'Sign in with your company account to see this account\'s scores.'), button);
}

window.addEventListener('message', event => {
  if (event.origin !== location.origin || !event.data || event.data.type !== 'signalbridge-view-token') return;
  token = event.data.token;
  sessionStorage.setItem(TOKEN_KEY, token);
  render();
});

function card(label, value) {
  return h('div', { class: 'card' }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value ?? '–'));
}

async function render() {
  if (!token) return signInPrompt();
  try {
    const [score, people] = await Promise.all([api('GET', `/api/accounts/${encodeURIComponent(accountId)}/score`),
      api('GET', `/api/accounts/${encodeURIComponent(accountId)}/people`)]);
    if (score.status === 404) {
      view.replaceChildren(h('p', { class: 'muted' }, 'This account has no scores yet.'));
      return;
    }
    if (score.status === 403) {
      view.replaceChildren(h('p', { class: 'error' }, 'Your role may not see account scores.'));
      return;
    }
    const s = score.data;
    const sections = [
      h('div', { class: 'cards', id: 'scores' }, card('Profile Fit', s.profileFit), card('Account Reach', s.reachLevel),
        card('Buying Stage', s.buyingStage), card('Intent', s.intentScore), card('6QA', s.sixQa ? 'yes, since ' + s.sixQaStartDate : 'no')),
      h('h2', {}, 'Stage history'),
      h('table', { id: 'history' }, h('tbody', {}, (s.history || []).filter(e => e.type === 'STAGE_CHANGED').slice(-8).reverse()
        .map(e => h('tr', {}, h('td', {}, e.date), h('td', {}, (e.from || 'first scored') + ' → ' + e.to))))),
      h('h2', {}, 'Persona map'),
      personaMap(people.data || []),
    ];
    view.replaceChildren(...sections, await addToOutreach());
  } catch (error) {
    if (error instanceof SignedOut) return signInPrompt('Your sign-in has ended. Sign in again.');
    view.replaceChildren(h('p', { class: 'error' }, 'The account could not be shown: ' + error.message));
  }
}

function personaMap(people) {
  const rows = [...people].sort((a, b) => Number(b.persona) - Number(a.persona) || a.grade.localeCompare(b.grade));
  return h('table', { id: 'persona-map' },
    h('thead', {}, h('tr', {}, ['', 'Name', 'Title', 'Profile fit', 'Engagement'].map(title => h('th', {}, title)))),
    h('tbody', {}, rows.map(p => h('tr', { class: p.persona ? 'persona' : undefined, 'data-person': p.id },
      h('td', {}, h('input', { type: 'checkbox', value: p.id, 'aria-label': 'choose ' + p.name })),
      h('td', {}, p.name), h('td', {}, p.title || ''), h('td', {}, p.profileFit), h('td', {}, h('span', { class: 'badge' }, p.grade))))));
}

async function addToOutreach() {
  const { status, data } = await api('GET', '/api/outreach/sequences');
  if (status !== 200) return h('p', { class: 'muted' }, status === 403 ? '' : 'Outreach is not connected.');
  const picker = h('select', { id: 'sequence' }, data.map(name => h('option', { value: name }, name)));
  const result = h('p', { id: 'outreach-result' });
  const button = h('button', { id: 'add-to-outreach', type: 'button' }, 'Add to Outreach');
  button.addEventListener('click', async () => {
    const chosen = [...view.querySelectorAll('#persona-map input:checked')].map(input => input.value);
    if (!chosen.length) {
      result.textContent = 'Choose people on the persona map first.';
      return;
    }
    button.disabled = true;
    try {
      const answer = await api('POST', `/api/accounts/${encodeURIComponent(accountId)}/outreach`, { sequence: picker.value, people: chosen });
      const outcomes = answer.data || [];
      const count = status => outcomes.filter(o => o.status === status).length;
      result.textContent = answer.status === 200 ? `${count('DONE')} in "${picker.value}", ${count('SKIPPED')} skipped, ${count('FAILED')} failed`
        : 'Refused: ' + ((answer.data && answer.data.error) || answer.status);
    } finally {
      button.disabled = false;
    }
  });
  return h('div', {}, h('h2', {}, 'Add to Outreach'), h('p', {}, picker, ' ', button), result);
}

render();
