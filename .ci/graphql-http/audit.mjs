// The graphql-http server audits (GraphQL over HTTP) against a running iamgraph server.
// Usage: AUDIT_ADMIN_PASSWORD=... node audit.mjs http://127.0.0.1:8080
// Every request carries the master admin's Bearer token (GraphQL needs an admin right). Exits 1 when
// a MUST or SHOULD audit fails; MAY audits are reported only.
import { serverAudits } from 'graphql-http';

const base = (process.argv[2] || 'http://127.0.0.1:8080').replace(/\/$/, '');
const password = process.env.AUDIT_ADMIN_PASSWORD;
if (!password) {
  console.error('AUDIT_ADMIN_PASSWORD is not set');
  process.exit(2);
}

const login = await fetch(`${base}/realms/master/protocol/openid-connect/token`, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username: 'admin', password }),
});
if (login.status !== 200) {
  console.error(`admin login failed: ${login.status} ${await login.text()}`);
  process.exit(2);
}
const { access_token: token } = await login.json();

function authorizedFetch(input, init = {}) {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
}

let failed = 0;
for (const audit of serverAudits({ url: `${base}/graphql`, fetchFn: authorizedFetch })) {
  const result = await audit.fn();
  const required = /^(MUST|SHOULD)/.test(result.name);
  if (result.status !== 'ok' && required) failed += 1;
  const mark = result.status === 'ok' ? 'ok  ' : required ? 'FAIL' : 'note';
  const reason = result.status === 'ok' ? '' : ` -- ${result.reason}`;
  console.log(`${mark} ${result.id} ${result.name}${reason}`);
}
console.log(failed ? `${failed} MUST/SHOULD audit(s) failed` : 'every MUST and SHOULD audit passed');
process.exit(failed ? 1 : 0);
