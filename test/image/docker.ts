import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The Docker client that speaks BuildKit on its own. Debian's docker.io client (/usr/bin/docker)
 * does; a newer client without the buildx plugin only builds with the legacy builder, which
 * knows no cache, bind or secret mounts.
 */
export const dockerCli =
  process.env.DOCKER_CLI ?? (existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker');

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end; never throws for a non-zero exit (the caller judges). */
export function run(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; input?: string } = {},
): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      command,
      [...args],
      {
        env: options.env ?? process.env,
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Like `run`, but a non-zero exit is an error that carries the output's end. */
export async function must(
  command: string,
  args: readonly string[],
  options?: Parameters<typeof run>[2],
): Promise<string> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`${command} ${args.join(' ')} exited with ${result.code}:\n${tail}`);
  }
  return result.stdout;
}

export const docker = (args: readonly string[], options?: Parameters<typeof run>[2]) =>
  must(dockerCli, args, options);

/**
 * A long command whose output goes to the test's log as it comes (a cold image build takes
 * minutes; silence would look like a hang), also kept to show on failure.
 */
export function stream(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 45 * 60_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    const take = (chunk: Buffer) => {
      process.stdout.write(chunk);
      lines.push(...chunk.toString().split('\n'));
      if (lines.length > 400) lines.splice(0, lines.length - 400);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(lines.join('\n'));
      else
        reject(
          new Error(
            `${command} ${args.join(' ')} exited with ${code}:\n${lines.slice(-60).join('\n')}`,
          ),
        );
    });
  });
}

export async function imageExists(name: string): Promise<boolean> {
  return (await run(dockerCli, ['image', 'inspect', name])).code === 0;
}
