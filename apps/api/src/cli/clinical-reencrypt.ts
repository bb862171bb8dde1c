import { resealClinicalRecords } from '../clinical/clinical-resealing';
import { NotesCipher } from '../clinical/notes-cipher';
import { runCommand } from './run-command';

// `npm run clinical:reencrypt`: seals every clinical record (therapists' notes, check-ins,
// inventories, focus, progress) under the current key, the first of NOTES_KEYS, against the
// configured database (DATABASE_URL, or the embedded one in HEARTH_DATA_DIR while the API is
// stopped). Rows already under the current key are not touched, and each batch commits on its
// own, so it can be stopped and run again. Afterwards no row needs an older key, which can then
// be taken out of NOTES_KEYS. Exit 0 when every row is under the current key, 1 when some could
// not be opened (their key is missing or their ciphertext damaged), 78 on bad configuration.

runCommand('clinical:reencrypt', 'migrate', async (db, config) => {
  const cipher = new NotesCipher(config);
  const started = Date.now();
  process.stderr.write(`sealing clinical records under key "${cipher.currentKeyId}"\n`);
  const result = await resealClinicalRecords(db, cipher, {
    onProgress: ({ table, done, total }) =>
      process.stderr.write(`${table}: ${Math.min(done, total)}/${total}\n`),
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const sealed = Object.entries(result.sealed)
    .map(([table, count]) => `${table} ${count}`)
    .join(', ');
  if (result.failures.length > 0) {
    for (const failure of result.failures) {
      process.stdout.write(`NOT RESEALED ${failure.table} ${failure.id}: ${failure.reason}\n`);
    }
    process.stdout.write(
      `${result.failures.length} rows could not be opened and keep their key; resealed ${sealed} in ${seconds} s\n`,
    );
    return 1;
  }
  process.stdout.write(
    `Every clinical record is sealed under key "${cipher.currentKeyId}": resealed ${sealed} in ${seconds} s\n`,
  );
  return 0;
});
