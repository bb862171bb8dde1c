// A real process under the API's process-level policy (see process-policy.spec.ts): it installs
// the policy, then fails the way argv[2] says and reports whether it is still alive.
import process from 'node:process';
import { setTimeout } from 'node:timers';

const { installProcessPolicy } = await import('../process-policy.ts');

class Refusal extends Error {
  code = 'conflict';
}

installProcessPolicy(process, {
  log: (level, message, fields) =>
    process.stdout.write(`${JSON.stringify({ level, msg: message, ...fields })}\n`),
  isSafe: (reason) => reason instanceof Refusal,
});

const mode = process.argv[2];
if (mode === 'refusal') void Promise.reject(new Refusal('Ana is not in the waiting room'));
if (mode === 'rejection') void Promise.reject(new TypeError('Ana broke something'));
if (mode === 'exception') {
  setTimeout(() => {
    throw new TypeError('Ana broke something');
  }, 10);
}
setTimeout(() => {
  process.stdout.write('still serving\n');
  process.exit(0);
}, 500);
