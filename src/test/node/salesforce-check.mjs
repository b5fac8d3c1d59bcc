// Drives the sandbox Salesforce org with jsforce, unchanged, as a customer's own script would.
// Usage: node salesforce-check.mjs http://localhost:PORT   (prints one JSON line of findings; exit 1 on failure)
import jsforce from 'jsforce';

const base = process.argv[2];
const findings = {};
const check = (condition, message) => { if (!condition) throw new Error(message); };

const conn = new jsforce.Connection({
  oauth2: { loginUrl: `${base}/sandbox/salesforce`, clientId: 'sandbox', clientSecret: 'sandbox' },
  version: '62.0',
});

try {
  await new jsforce.Connection({
    oauth2: { loginUrl: `${base}/sandbox/salesforce`, clientId: 'sandbox', clientSecret: 'sandbox' },
  }).login('integration@sandbox.local', 'wrong-password');
  throw new Error('login with a wrong password succeeded');
} catch (e) {
  check(/invalid_grant/.test(`${e.name} ${e.message}`), `wrong password gave ${e.name}: ${e.message}`);
  findings.badLogin = e.name;
}

const login = await conn.login('integration@sandbox.local', 'sandbox');
check(conn.instanceUrl === `${base}/sandbox/salesforce`, `instanceUrl ${conn.instanceUrl}`);
findings.organizationId = login.organizationId;

// Paging by nextRecordsUrl past 2,000 rows.
const tasks = [];
const query = conn.query('SELECT Id, Subject, ActivityDate, SystemModstamp FROM Task ORDER BY SystemModstamp, Id');
query.on('record', (record) => tasks.push(record));
await query.run({ autoFetch: true, maxFetch: 1000000 });
check(query.totalSize > 2000, `only ${query.totalSize} tasks: cannot show paging`);
check(tasks.length === query.totalSize, `fetched ${tasks.length} of ${query.totalSize}`);
check(new Set(tasks.map((t) => t.Id)).size === tasks.length, 'duplicate ids across pages');
findings.tasksFetched = tasks.length;

const filtered = await conn.query(
  "SELECT Id, Name, Industry FROM Account WHERE (Industry = 'Technology' OR Industry = 'Finance') AND NumberOfEmployees > 100 LIMIT 50");
check(filtered.records.every((a) => ['Technology', 'Finance'].includes(a.Industry)), 'WHERE not applied');
findings.filteredAccounts = filtered.records.length;

// Describe.
const describe = await conn.sobject('Account').describe();
const intent = describe.fields.find((f) => f.name === 'accountIntentScore6sense__c');
check(intent && intent.type === 'double' && intent.updateable, 'accountIntentScore6sense__c missing from describe');
findings.accountFields = describe.fields.length;

// Update through sObject Collections, then read back.
const accounts = (await conn.query('SELECT Id FROM Account ORDER BY Id LIMIT 3')).records;
check(accounts.length === 3, 'no accounts to update');
const results = await conn.sobject('Account').update(
  accounts.map((a, i) => ({ Id: a.Id, accountIntentScore6sense__c: 70 + i, accountBuyingStage6sense__c: 'Decision' })),
  { allOrNone: false });
check(results.length === 3 && results.every((r) => r.success), `update results ${JSON.stringify(results)}`);
const reread = await conn.sobject('Account').retrieve(accounts[1].Id);
check(reread.accountIntentScore6sense__c === 71 && reread.accountBuyingStage6sense__c === 'Decision', 'update not stored');
const partial = await conn.sobject('Account').update(
  [{ Id: accounts[0].Id, accountProfileFit6sense__c: 'Strong' }, { Id: accounts[1].Id, NoSuchField__c: 1 }],
  { allOrNone: false });
check(partial[0].success && !partial[1].success, `partial failure results ${JSON.stringify(partial)}`);
findings.updated = results.length;

// Limits, with the calls made so far counted.
const limits = await conn.limits();
check(limits.DailyApiRequests.Max > 0 && limits.DailyApiRequests.Remaining < limits.DailyApiRequests.Max, 'limits not counting');
findings.apiCallsUsed = limits.DailyApiRequests.Max - limits.DailyApiRequests.Remaining;

// Errors in Salesforce's own format.
try {
  await conn.query('SELECT Id FROM NoSuchObject');
  throw new Error('query of an unknown object succeeded');
} catch (e) {
  check(e.errorCode === 'INVALID_TYPE', `unknown object gave ${e.errorCode}`);
}

console.log(JSON.stringify(findings));
