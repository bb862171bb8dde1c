// Running external commands (apt-get, pip, cmake, meson, ninja) so that a multi-minute build
// shows it is alive and a failure shows why.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { StepError, formatDuration, log } from './log.mjs';

const HEARTBEAT_MS = 30_000;
const FAILURE_TAIL_LINES = 60;

function describe(command, args) {
  return [command, ...args]
    .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a)))
    .join(' ');
}

// For short commands whose output is the answer (dpkg-query, version checks).
export function capture(command, args, options = {}) {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
    ...options,
  });

  return {
    ok: result.status === 0,
    status: result.status,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
    error: result.error,
  };
}

// Output goes straight to the terminal: used for apt-get, whose own progress is the useful part.
export function runVisible(command, args, options = {}) {
  log(`$ ${describe(command, args)}`);

  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });

  if (result.status !== 0) {
    const why = result.error ? result.error.message : `exit code ${result.status ?? result.signal}`;

    throw new StepError(`command failed (${why}): ${describe(command, args)}`);
  }
}

/**
 * Runs a command with its output appended to `logFile`. While it runs, prints ninja-style
 * "[n/total]" progress (when the command prints such lines) every few percent, and a
 * heartbeat line at least every 30 s. On failure prints the end of the log and throws.
 */
export function runLogged(label, command, args, { cwd, env, logFile }) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.appendFileSync(logFile, `\n$ (cd ${cwd ?? process.cwd()} && ${describe(command, args)})\n`);

  const out = fs.openSync(logFile, 'a');
  const started = Date.now();
  let lastPrinted = started;
  let lastPercent = -1;
  let progress = null;
  let pending = '';

  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });

    const onData = (chunk) => {
      fs.writeSync(out, chunk);

      pending += chunk.toString('utf8');

      const lines = pending.split(/\r?\n/);

      pending = lines.pop();

      for (const line of lines) {
        const match = /^\[(\d+)\/(\d+)\]/.exec(line);

        if (!match) {
          continue;
        }

        progress = { done: Number(match[1]), total: Number(match[2]) };

        const percent = Math.floor((100 * progress.done) / progress.total);

        if (percent >= lastPercent + 5 || Date.now() - lastPrinted >= HEARTBEAT_MS) {
          lastPercent = percent;
          lastPrinted = Date.now();
          log(
            `${label}: ${progress.done}/${progress.total} (${percent}%), ${formatDuration(Date.now() - started)} elapsed`,
          );
        }
      }
    };

    child.stdout.on('data', onData);
    child.stderr.on('data', onData);

    const heartbeat = setInterval(() => {
      if (Date.now() - lastPrinted >= HEARTBEAT_MS) {
        lastPrinted = Date.now();

        const where = progress ? ` (${progress.done}/${progress.total})` : '';

        log(`${label}: still running${where}, ${formatDuration(Date.now() - started)} elapsed`);
      }
    }, 5_000);

    let finished = false;

    // 'error' (spawn failed) may be followed by 'close'; report once.
    const finish = (error) => {
      if (finished) {
        return;
      }

      finished = true;
      clearInterval(heartbeat);
      fs.closeSync(out);

      if (!error) {
        log(`${label}: done in ${formatDuration(Date.now() - started)}`);
        resolve();

        return;
      }

      const tail = fs
        .readFileSync(logFile, 'utf8')
        .split('\n')
        .slice(-FAILURE_TAIL_LINES)
        .join('\n');

      console.error(`----- last ${FAILURE_TAIL_LINES} lines of ${logFile} -----\n${tail}\n-----`);
      reject(new StepError(`${label} failed (${error}); full log: ${logFile}`));
    };

    child.on('error', (error) => finish(error.message));
    child.on('close', (code, signal) => finish(code === 0 ? null : `exit code ${code ?? signal}`));
  });
}
