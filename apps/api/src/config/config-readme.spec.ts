import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { envSchema } from './config';

// The README's configuration table is what operators read; it must name exactly the variables
// the schema reads, each with the schema's default.

interface Row {
  readonly variable: string;
  readonly defaultCell: string;
}

function readmeRows(): Row[] {
  const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');
  const section = /\n## Configuration\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
  return [...section.matchAll(/^\| `([A-Z][A-Z0-9_]*)`\s*\|([^|]*)\|/gm)].map((m) => ({
    variable: m[1]!,
    defaultCell: m[2]!.trim(),
  }));
}

/** What the schema turns an unset variable into, when it has a default. */
function defaultOf(variable: string): string | undefined {
  const schema = envSchema.shape[variable as keyof typeof envSchema.shape];
  const parsed = schema.safeParse(undefined);
  return parsed.success && parsed.data !== undefined ? String(parsed.data) : undefined;
}

describe('the README configuration table', () => {
  const rows = readmeRows();

  it('is found', () => {
    expect(rows.length).toBeGreaterThan(10);
  });

  it('lists every variable the schema reads, once, and no other', () => {
    const listed = rows.map((row) => row.variable);
    expect(listed.length).toBe(new Set(listed).size);
    expect([...listed].sort()).toEqual(Object.keys(envSchema.shape).sort());
  });

  it("gives each variable's default as the schema has it", () => {
    const wrong = rows.filter((row) => {
      const value = defaultOf(row.variable);
      return value !== undefined && !row.defaultCell.includes(`\`${value}\``);
    });
    expect(wrong).toEqual([]);
  });
});
