import { execFile } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { DomainError, isDomainError } from '@hearth/domain';
import { SfuError, isSfuError } from '@hearth/sfu';
import { EXIT_AFTER_FAULT, installProcessPolicy } from './process-policy';

// The process-level policy, in a real child process (does it really stay up or exit?) and with a
// fake process (which errors count as safe, and what is logged).

const child = join(__dirname, 'testing/process-policy-child.mjs');

function run(mode: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [child, mode], { timeout: 20_000 }, (error, stdout) => {
      const code = error ? ((error as { code?: number }).code ?? null) : 0;
      resolve({ code: typeof code === 'number' ? code : null, stdout });
    });
  });
}

describe('the process-level policy in a real process', () => {
  it('logs a coded refusal nobody handled and keeps serving', async () => {
    const { code, stdout } = await run('refusal');
    expect(code).toBe(0);
    expect(stdout).toContain('unhandled refusal; the process carries on');
    expect(stdout).toContain('still serving');
  });

  it('exits for the supervisor on any other unhandled rejection', async () => {
    const { code, stdout } = await run('rejection');
    expect(code).toBe(EXIT_AFTER_FAULT);
    expect(stdout).toContain('"origin":"unhandledRejection"');
    expect(stdout).not.toContain('still serving');
  });

  it('exits for the supervisor on an uncaught exception, without logging the message', async () => {
    const { code, stdout } = await run('exception');
    expect(code).toBe(EXIT_AFTER_FAULT);
    expect(stdout).toContain('"origin":"uncaughtException"');
    expect(stdout).toContain('"errorClass":"TypeError"');
    expect(stdout).not.toContain('Ana');
  });
});

describe('the process-level policy as the API installs it', () => {
  function installed() {
    const proc = Object.assign(new EventEmitter(), { exit: jest.fn() });
    const lines: { level: string; fields: Record<string, string | null> }[] = [];
    installProcessPolicy(proc, {
      log: (level, _message, fields) => lines.push({ level, fields }),
      isSafe: (reason) => isDomainError(reason) || isSfuError(reason),
    });
    return { proc, lines };
  }

  it('carries on after refusals from the rules and the media server', () => {
    const { proc, lines } = installed();
    proc.emit('unhandledRejection', new DomainError('not_found', 'Ana is not in this session'));
    proc.emit('unhandledRejection', new SfuError('peer_not_found', 'gone', {}));
    expect(proc.exit).not.toHaveBeenCalled();
    expect(lines.map((l) => [l.level, l.fields['code']])).toEqual([
      ['warn', 'not_found'],
      ['warn', 'peer_not_found'],
    ]);
  });

  it('exits on anything else', () => {
    const { proc } = installed();
    proc.emit('unhandledRejection', new Error('redis went away'));
    expect(proc.exit).toHaveBeenCalledWith(EXIT_AFTER_FAULT);
    proc.emit('uncaughtException', new DomainError('not_found', 'thrown in a timer'));
    expect(proc.exit).toHaveBeenCalledTimes(2);
  });
});
