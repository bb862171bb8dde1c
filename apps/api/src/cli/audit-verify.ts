import { verifyAuditChain } from '../security/audit-chain';
import { runCommand } from './run-command';

// `npm run audit:verify`: recomputes the audit log's hash chain against the configured database
// (DATABASE_URL, or the embedded one in HEARTH_DATA_DIR while the API is stopped). Writes nothing.
// Exit 0 when the chain holds, 1 when it is broken, 78 on bad configuration.

runCommand('audit:verify', 'read-only', async (db) => {
  const started = Date.now();
  const result = await verifyAuditChain(
    (sql, params) => db.query(sql, params),
    (checked) => process.stderr.write(`checked ${checked} rows\n`),
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.broken) {
    process.stdout.write(
      `AUDIT CHAIN BROKEN at row ${result.broken.seq} (audit_event id ${result.broken.id}): ` +
        `${result.broken.reason}. ${result.sealed} rows before it hold.\n`,
    );
    return 1;
  }
  process.stdout.write(
    `Audit chain intact: ${result.sealed} rows checked in ${seconds} s, ` +
      `${result.unsealed} not sealed yet; head ${result.head ?? '(empty)'}\n`,
  );
  return 0;
});
