import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { queryRows } from '../database/rows';

// Whole-database probes for tests that must prove a claim about every table at once (nothing was
// stored; nothing of an erased person is left), so a table added later is covered the day it lands.

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A digest of every table except those named, to compare before and after. */
export async function fingerprint(
  db: DataSource,
  except: readonly string[] = ['audit_event', 'migrations'],
): Promise<Record<string, string>> {
  const tables = await queryRows(
    db,
    'tables',
    z.strictObject({ name: z.string() }),
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND NOT (table_name = ANY($1))
      ORDER BY 1`,
    [except],
  );
  const digest: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await queryRows(
      db,
      'digest of a table',
      z.strictObject({ h: z.string() }),
      `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM ${quote(name)} t`,
    );
    digest[name] = row!.h;
  }
  return digest;
}

export interface Finding {
  readonly table: string;
  readonly column: string;
  readonly needle: string;
  readonly rows: number;
}

/**
 * Every place in the public schema where one of the needles occurs, case-insensitively: each
 * text-like column (text, varchar, json, jsonb, arrays of text, citext)
 * of every table is searched.
 */
export async function searchEveryColumn(
  db: DataSource,
  needles: readonly string[],
): Promise<Finding[]> {
  const columns = await queryRows(
    db,
    'text columns',
    z.strictObject({ table: z.string(), column: z.string() }),
    `SELECT c.table_name AS "table", c.column_name AS "column"
       FROM information_schema.columns c
       JOIN information_schema.tables t
         ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
        AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
             OR c.udt_name = 'citext')
      ORDER BY 1, 2`,
  );
  const findings: Finding[] = [];
  for (const { table, column } of columns) {
    for (const needle of needles) {
      const [row] = await queryRows(
        db,
        'matches in a column',
        z.strictObject({ n: z.number().int() }),
        `SELECT count(*)::int AS n FROM ${quote(table)}
          WHERE strpos(lower(${quote(column)}::text), lower($1)) > 0`,
        [needle],
      );
      if (row!.n > 0) findings.push({ table, column, needle, rows: row!.n });
    }
  }
  return findings;
}
