import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/paths';
import { run } from './docker';

// docker/compose.yaml as the compose tools read it: Debian 12's docker-compose (v1.29) parses and
// validates it with the env files an operator writes from the examples, and the Compose
// Specification schema (what compose v2 implements; Debian's compose ships a copy) accepts it.
// The compose v2 binary itself is not packaged for Debian 12.

const toJson = 'import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))';
const specSchema = '/usr/lib/python3/dist-packages/compose/config/compose_spec.json';

describe('docker/compose.yaml', () => {
  let project: string;

  beforeAll(() => {
    // A copy of docker/ with the env files filled in as the examples say, beside a stand-in
    // repository root (the build context `..` must exist for compose to accept the file).
    project = mkdtempSync(join(tmpdir(), 'hearth-compose-'));
    cpSync(join(repoRoot, 'docker'), join(project, 'docker'), {
      recursive: true,
      filter: (source) => !source.includes('worker-cache'),
    });
    const fill = (text: string) =>
      text.replace(/^(POSTGRES_PASSWORD|TURN_SECRET|JWT_SECRET)=$/gm, `$1=${'x'.repeat(48)}`);
    writeFileSync(
      join(project, 'docker/.env'),
      fill(readFileSync(join(repoRoot, 'docker/.env.example'), 'utf8')),
    );
    writeFileSync(
      join(project, 'docker/api.env'),
      fill(readFileSync(join(repoRoot, 'docker/api.env.example'), 'utf8')),
    );
  });

  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it("is valid for Debian's docker-compose v1, and the api service never sees the database password variable", async () => {
    const composeFile = join(project, 'docker/compose.yaml');
    const result = await run('docker-compose', ['-f', composeFile, 'config']);
    expect(result.stderr).not.toMatch(/ERROR|Invalid|Unsupported/i);
    expect(result.code).toBe(0);
    const resolved = JSON.parse(
      (await run('python3', ['-c', toJson], { input: result.stdout })).stdout,
    ) as { services: Record<string, { environment?: Record<string, string> }> };
    const api = resolved.services['api']!.environment!;
    expect(api['DATABASE_URL']).toContain(`:${'x'.repeat(48)}@postgres:5432/`);
    expect(api['TURN_SECRET']).toBe('x'.repeat(48));
    expect(Object.keys(api)).not.toContain('POSTGRES_PASSWORD');
    expect(resolved.services['postgres']!.environment!['POSTGRES_PASSWORD']).toBe('x'.repeat(48));
  });

  it('follows the Compose Specification (compose v2 syntax): no version key, schema-valid', async () => {
    // The file as written (before interpolation), checked with Debian's python3-jsonschema, which
    // docker-compose depends on.
    const check = await run('python3', [
      '-c',
      [
        'import json, sys, yaml, jsonschema',
        'doc = yaml.safe_load(open(sys.argv[1]))',
        'assert "version" not in doc, "the version key is obsolete in compose v2"',
        'schema = json.load(open(sys.argv[2]))',
        'errors = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(doc)]',
        'print(json.dumps(errors))',
      ].join('\n'),
      join(repoRoot, 'docker/compose.yaml'),
      specSchema,
    ]);
    expect(check.stderr).toBe('');
    expect(JSON.parse(check.stdout)).toEqual([]);
  });
});
