// The account view's sign-in pop-up. This page is reached only signed in (the console's single sign-on, at the top
// level, where the session cookie is sent); it makes the view's token and posts it to the view that opened it, on
// this origin only, then closes.
const status = document.getElementById('status');
(async () => {
  const opener = window.opener;
  if (!opener) {
    status.textContent = 'Open this page from the account view in Salesforce.';
    return;
  }
  const csrf = document.cookie.split('; ').find(c => c.startsWith('XSRF-TOKEN='));
  const headers = { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
  if (csrf) headers['X-XSRF-TOKEN'] = decodeURIComponent(csrf.substring('XSRF-TOKEN='.length));
  const response = await fetch('/api/embed/tokens', { method: 'POST', headers });
  if (!response.ok) {
    status.textContent = `Sign-in refused (${response.status}).`;
    return;
  }
  const { token, expiresAt } = await response.json();
  // targetOrigin: a page of another site that opened this pop-up gets nothing
  opener.postMessage({ type: 'signalbridge-view-token', token, expiresAt }, window.location.origin);
  status.textContent = 'Signed in. This window closes.';
  window.close();
})().catch(error => { status.textContent = 'Sign-in failed: ' + error; });
