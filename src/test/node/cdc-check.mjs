// Subscribes to the sandbox org's Change Data Capture channel with jsforce's streaming client (Faye), unchanged, updates
// an Account through REST while subscribed and checks the change event that arrives; then asks for a replay id the org
// never gave out and checks Salesforce's error.
// Usage: node cdc-check.mjs http://localhost:PORT   (prints one JSON line of findings; exit 1 on failure)
import jsforce from 'jsforce';
import streaming from 'jsforce/lib/api/streaming.js';

const { StreamingExtension } = streaming;

const base = process.argv[2];
const channel = '/data/AccountChangeEvent';
const findings = {};
const check = (condition, message) => { if (!condition) throw new Error(message); };
const within = (promise, ms, what) => Promise.race([promise,
  new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms))]);

const conn = new jsforce.Connection({
  oauth2: { loginUrl: `${base}/sandbox/salesforce`, clientId: 'sandbox', clientSecret: 'sandbox' },
  version: '62.0',
});
await conn.login('integration@sandbox.local', 'sandbox');
const [account] = (await conn.query('SELECT Id FROM Account ORDER BY Id LIMIT 1')).records;
check(account, 'no account to update');

const clients = [];
try {
  // -1: new events only, through the replay extension as a durable subscriber sends it
  const client = conn.streaming.createClient([new StreamingExtension.Replay(channel, -1)]);
  clients.push(client);
  let deliver;
  const arrived = new Promise((resolve) => { deliver = resolve; });
  const subscription = client.subscribe(channel, (message) => {
    if (message.payload?.ChangeEventHeader?.recordIds?.includes(account.Id)) {
      deliver(message);
    }
  });
  await within(subscription, 15000, 'subscribe');

  const stage = `Stage ${Date.now() % 1000}`;
  const start = Date.now();
  const result = await conn.sobject('Account').update({ Id: account.Id, accountBuyingStage6sense__c: stage });
  check(result.success, `update failed: ${JSON.stringify(result)}`);
  const message = await within(arrived, 15000, 'change event');
  findings.latencyMs = Date.now() - start;

  const header = message.payload.ChangeEventHeader;
  check(header.entityName === 'Account', `entityName ${header.entityName}`);
  check(header.changeType === 'UPDATE', `changeType ${header.changeType}`);
  check(header.changedFields.includes('accountBuyingStage6sense__c'), `changedFields ${header.changedFields}`);
  check(message.payload.accountBuyingStage6sense__c === stage, `payload ${JSON.stringify(message.payload)}`);
  check(typeof header.commitTimestamp === 'number' && header.commitUser && header.transactionKey, `header ${JSON.stringify(header)}`);
  check(Number(message.event.replayId) > 0, `replayId ${JSON.stringify(message.event)}`);
  findings.changeType = header.changeType;
  findings.changedFields = header.changedFields;
  findings.replayId = message.event.replayId;

  // a replay id the org never handed out: the subscribe fails with Salesforce's error
  const stale = conn.streaming.createClient([new StreamingExtension.Replay(channel, 999999999)]);
  clients.push(stale);
  const refused = await within(stale.subscribe(channel, () => {}).then(() => null, (error) => error), 15000, 'stale subscribe');
  check(refused, 'a subscribe with an unknown replay id succeeded');
  const text = `${refused.code ?? ''}::${refused.message ?? refused}`;
  check(/The replayId \{999999999\} you provided was invalid/.test(text), `error ${text}`);
  findings.staleReplayError = text;
} finally {
  clients.forEach((c) => c.disconnect());
}
console.log(JSON.stringify(findings));
process.exit(0);
