// Drives the sandbox Marketo instance with node-marketo-rest, unchanged.
// Usage: node marketo-check.mjs http://localhost:PORT   (prints one JSON line of findings; exit 1 on failure)
import { createRequire } from 'node:module';

const Marketo = createRequire(import.meta.url)('node-marketo-rest');
const base = process.argv[2];
const findings = {};
const check = (condition, message) => { if (!condition) throw new Error(message); };
const options = (clientSecret) => ({
  endpoint: `${base}/sandbox/marketo/rest`,
  identity: `${base}/sandbox/marketo/identity`,
  clientId: 'sandbox',
  clientSecret,
  retry: { maxRetries: 0 },
});

try {
  await new Marketo(options('wrong')).activities.getActivityTypes();
  throw new Error('wrong client secret accepted');
} catch (e) {
  check(/Authentication|unauthorized|Bad client/i.test(String(e.message ?? e)), `wrong secret gave ${e.message ?? e}`);
  findings.badLogin = true;
}

const marketo = new Marketo(options('sandbox'));
const token = await marketo.getOAuthToken();
check(token.access_token && token.expires_in > 0, 'no token');

const types = await marketo.activities.getActivityTypes();
const byName = Object.fromEntries(types.result.map((t) => [t.name, t.id]));
check(byName['Fill Out Form'] && byName['Open Email'] && byName['Click Email'], 'activity types missing');
findings.activityTypes = types.result.length;

// Paged activities from a paging token, through pages that may be empty while moreResult is true.
const since = new Date(Date.now() - 400 * 24 * 3600 * 1000).toISOString();
let pageToken = (await marketo.lead.getPageToken(since)).nextPageToken;
check(pageToken, 'no paging token');
const typeIds = [byName['Fill Out Form'], byName['Open Email'], byName['Click Email']].join(',');
const seen = new Set();
let pages = 0;
let more = true;
while (more && pages < 10000) {
  const page = await marketo.lead.getActivitiesWithOptions({ activityTypeIds: typeIds, nextPageToken: pageToken });
  pages++;
  for (const activity of page.result ?? []) {
    check(!seen.has(activity.id), `activity ${activity.id} returned twice`);
    check(typeIds.split(',').includes(String(activity.activityTypeId)), 'activity of another type');
    seen.add(activity.id);
  }
  more = page.moreResult;
  pageToken = page.nextPageToken;
}
check(seen.size > 300 && pages > 1, `only ${seen.size} activities in ${pages} pages`);
findings.activities = seen.size;
findings.activityPages = pages;

// Upsert and find leads.
const email = `node.check.${Date.now()}@example.com`;
const upsert = await marketo.lead.createOrUpdate([{ email, firstName: 'Node', lastName: 'Check' }], { lookupField: 'email' });
check(upsert.result[0].status === 'created', `upsert ${JSON.stringify(upsert.result)}`);
const update = await marketo.lead.createOrUpdate([{ email, title: 'VP Marketing' }], { lookupField: 'email' });
check(update.result[0].status === 'updated', `second upsert ${JSON.stringify(update.result)}`);
const found = await marketo.lead.find('email', [email], { fields: ['id', 'email', 'firstName', 'title'] });
check(found.result.length === 1 && found.result[0].firstName === 'Node' && found.result[0].title === 'VP Marketing',
  `find ${JSON.stringify(found.result)}`);
const byId = await marketo.lead.byId(found.result[0].id);
check(byId.result[0].email === email, 'lead by id');
findings.leadId = found.result[0].id;

console.log(JSON.stringify(findings));
