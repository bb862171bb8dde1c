import { join } from 'node:path';
import { createProjectGraphAsync } from '@nx/devkit';
import { ESLint } from 'eslint';
import { repoRoot } from '../support/paths';

// The lint rules that keep the architecture honest must really fire: lint an import as if it
// were written in a file of a given project, and expect the errors.
async function lintAs(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: repoRoot });
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, file) });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId ?? m.message);
}

describe('module boundaries', () => {
  beforeAll(async () => {
    // The Nx rule reads the project graph; make sure it exists as it does under `nx lint`.
    await createProjectGraphAsync({ exitOnError: false });
  });

  it('fail lint when libs/domain imports Nest', async () => {
    const rules = await lintAs(
      'libs/domain/src/probe.ts',
      "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n",
    );
    expect(rules).toContain('no-restricted-imports');
  });

  it('fail lint when libs/domain imports application code', async () => {
    const rules = await lintAs(
      'libs/domain/src/probe.ts',
      "import { createApp } from '../../../apps/api/src/app';\nexport const x = createApp;\n",
    );
    expect(rules).toEqual(
      expect.arrayContaining(['@nx/enforce-module-boundaries', 'no-restricted-imports']),
    );
  });

  it('fail lint when libs/domain imports another library', async () => {
    const rules = await lintAs(
      'libs/domain/src/probe.ts',
      "import { healthRoutes } from '@hearth/contracts';\nexport const x = healthRoutes;\n",
    );
    expect(rules).toContain('@nx/enforce-module-boundaries');
  });

  it("let contracts build their schemas from the domain's value lists", async () => {
    const rules = await lintAs(
      'libs/contracts/src/probe.ts',
      "import { courseFormats } from '@hearth/domain/vocabulary';\nexport const x = courseFormats;\n",
    );
    expect(rules).toEqual([]);
  });

  it("fail lint when contracts import the domain's rules", async () => {
    const rules = await lintAs(
      'libs/contracts/src/probe.ts',
      "import { phaseSplit } from '@hearth/domain';\nexport const x = phaseSplit;\n",
    );
    expect(rules).toContain('no-restricted-imports');
  });

  it('fail lint when contracts import the SFU library', async () => {
    const rules = await lintAs(
      'libs/contracts/src/probe.ts',
      "import * as sfu from '@hearth/sfu';\nexport const x = sfu;\n",
    );
    expect(rules).toContain('@nx/enforce-module-boundaries');
  });

  it('fail lint when the vocabulary imports anything', async () => {
    const rules = await lintAs(
      'libs/domain/src/vocabulary.ts',
      "import { DomainError } from './errors/domain-error';\nexport const x = DomainError;\n",
    );
    expect(rules).toContain('no-restricted-imports');
  });

  it('fail lint when the web app imports the SFU library', async () => {
    const rules = await lintAs(
      'apps/web/src/probe.ts',
      "import * as sfu from '@hearth/sfu';\nexport const x = sfu;\n",
    );
    expect(rules).toContain('@nx/enforce-module-boundaries');
  });

  it('let the API import domain and contracts', async () => {
    const rules = await lintAs(
      'apps/api/src/probe.ts',
      "import { DomainError } from '@hearth/domain';\nimport { healthRoutes } from '@hearth/contracts';\nexport const x = [DomainError, healthRoutes];\n",
    );
    expect(rules).toEqual([]);
  });
});
