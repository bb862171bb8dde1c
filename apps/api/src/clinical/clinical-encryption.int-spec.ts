import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { type CourseDetail, clinicalRoutes } from '@hearth/contracts';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { startAnotherNode } from '../testing/another-node';
import { answers, groupCourse } from '../testing/clinical-fixtures';
import {
  type Actor,
  type SchedulingHarness,
  startSchedulingApp,
} from '../testing/scheduling-harness';
import { type ResealProgress, resealClinicalRecords } from './clinical-resealing';
import { NotesCipher } from './notes-cipher';

// Every clinical record is sealed at rest: the raw rows of PostgreSQL hold no plaintext, reads
// open them, rows written in plaintext before sealing are sealed when the API starts, and the
// re-encryption run puts everything under a new key so that the old one can be taken out.

const secret = 'Rosalind';
const tables = [
  'check_in',
  'interpersonal_inventory',
  'client_focus',
  'progress_note',
  'therapist_note',
];

describe('clinical records encrypted at rest', () => {
  let h: SchedulingHarness;
  let therapist: Actor;
  let ada: Actor;
  let ben: Actor;
  let course: CourseDetail;
  const nodes: NestExpressApplication[] = [];
  const params = () => ({ courseId: course.id, personId: ada.personId });

  /** Every row of the clinical tables as PostgreSQL prints it (bytea as hex). */
  const rawText = async () => {
    const texts: string[] = [];
    for (const table of tables) {
      const rows = (await h.db.query(`SELECT t::text AS row FROM ${table} t`)) as { row: string }[];
      texts.push(...rows.map((r) => r.row));
    }
    return texts.join('\n');
  };
  const keysInUse = async () => {
    const ids = new Set<string | null>();
    for (const table of tables) {
      const rows = (await h.db.query(`SELECT DISTINCT key_id FROM ${table}`)) as {
        key_id: string | null;
      }[];
      for (const row of rows) ids.add(row.key_id);
    }
    return [...ids];
  };
  /** Everything Ada's records say, as her therapist reads them. */
  const readAll = async (as: Pick<Actor, 'call'>) => {
    const overview = await as.call(clinicalRoutes.courseClinical, {
      params: { courseId: course.id },
    });
    const mine = overview.clients.find((c) => c.personId === ada.personId)!;
    return {
      inventory: (await as.call(clinicalRoutes.getInventory, { params: params() })).people,
      focus: (await as.call(clinicalRoutes.getFocus, { params: params() })).areas,
      progress: (await as.call(clinicalRoutes.listProgress, { params: params() })).notes.map(
        (n) => n.text,
      ),
      notes: (await as.call(clinicalRoutes.listNotes, { params: params() })).notes.map(
        (n) => n.text,
      ),
      focusAreas: mine.focusAreas,
      checkIns: mine.checkIns.map((c) => [c.phq9Total, c.gad7Total, c.mood, c.phq9[8]]),
    };
  };

  beforeAll(async () => {
    h = await startSchedulingApp();
    const practice = await h.practice();
    therapist = await practice.person('Theo Therapist', ['therapist']);
    const coTherapist = await practice.person('Cleo Cotherapist', ['therapist']);
    ada = await practice.person('Ada Member', ['client']);
    ben = await practice.person('Ben Member', ['client']);
    course = await groupCourse(practice, { therapist, coTherapist, clients: [ada, ben] });
    const session1 = course.sessions[0]!.id;
    await ada.call(clinicalRoutes.acceptConsent, { body: { version: 1 } });
    await ada.call(clinicalRoutes.submitCheckIn, {
      params: { sessionId: session1 },
      body: answers(1, 2),
    });
    await ada.call(clinicalRoutes.putInventory, {
      params: params(),
      body: {
        people: [
          {
            label: secret,
            relation: 'parent',
            closeness: 4,
            support: 2,
            conflicts: `Argues with ${secret} about the garden`,
            expectations: '',
          },
        ],
      },
    });
    await therapist.call(clinicalRoutes.putFocus, {
      params: params(),
      body: { areas: [{ area: 'disputes', goals: [`Phone ${secret} every Sunday`] }] },
    });
    await therapist.call(clinicalRoutes.putProgress, {
      params: { sessionId: session1, personId: ada.personId },
      body: { text: `Talked about the quarrel with ${secret}.` },
    });
    await therapist.call(clinicalRoutes.putNote, {
      params: { sessionId: session1, personId: ada.personId },
      body: { text: `Private: ${secret} may visit in May.` },
    });
  });
  afterAll(async () => {
    for (const node of nodes) await node.close();
    await h?.close();
  });

  it('keeps no plaintext in the rows, and reads return it', async () => {
    const raw = await rawText();
    expect(raw).not.toContain(secret);
    expect(raw).not.toContain(Buffer.from(secret).toString('hex'));
    for (const table of tables) {
      const [row] = (await h.db.query(
        `SELECT count(*)::int AS sealed FROM ${table} WHERE ciphertext IS NOT NULL`,
      )) as { sealed: number }[];
      expect([table, row!.sealed]).toEqual([table, 1]);
    }
    const [checkIn] = (await h.db.query(
      `SELECT phq9, gad7, mood, phq9_total, gad7_total FROM check_in`,
    )) as Record<string, unknown>[];
    expect(checkIn).toEqual({
      phq9: null,
      gad7: null,
      mood: null,
      phq9_total: null,
      gad7_total: null,
    });
    // A PHQ-9 item-9 alert keeps no copy of the answer: it is read from the sealed check-in.
    const alertColumns = (await h.db.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'clinical_alert'`,
    )) as { column_name: string }[];
    expect(alertColumns.map((c) => c.column_name)).not.toContain('item9_answer');

    const read = await readAll(therapist);
    expect(read.inventory[0]).toMatchObject({
      label: secret,
      conflicts: `Argues with ${secret} about the garden`,
    });
    expect(read.focus).toEqual([{ area: 'disputes', goals: [`Phone ${secret} every Sunday`] }]);
    expect(read.progress).toEqual([`Talked about the quarrel with ${secret}.`]);
    expect(read.notes).toEqual([`Private: ${secret} may visit in May.`]);
    expect(read.focusAreas).toEqual(['disputes']);
    expect(read.checkIns).toEqual([[17, 6, 6, 1]]);
    const own = await ada.call(clinicalRoutes.getCheckIn, {
      params: { sessionId: course.sessions[0]!.id },
    });
    expect(own.submitted).toMatchObject({
      phq9Total: 17,
      phq9Severity: 'moderately_severe',
      mood: 6,
    });
  });

  it('seals rows written in plaintext before sealing when a node starts', async () => {
    // As an older version wrote them: plaintext columns, no key.
    const session2 = course.sessions[1]!.id;
    const [practice] = (await h.db.query(`SELECT practice_id FROM course WHERE id = $1`, [
      course.id,
    ])) as { practice_id: string }[];
    await h.db.query(
      `INSERT INTO progress_note (practice_id, course_id, session_id, person_id, text, author_id)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        practice!.practice_id,
        course.id,
        session2,
        ada.personId,
        `Older: ${secret} called.`,
        therapist.personId,
      ],
    );
    await h.db.query(
      `INSERT INTO check_in (practice_id, course_id, session_id, person_id, phq9, gad7, mood,
                             phq9_total, gad7_total)
       VALUES ($1, $2, $3, $4, '{0,0,0,0,0,0,0,0,2}', '{1,1,1,1,1,1,1}', 3, 2, 7)`,
      [practice!.practice_id, course.id, session2, ada.personId],
    );
    expect(await rawText()).toContain(secret);

    const config = h.t.app.get<Config>(CONFIG);
    const node = await startAnotherNode(config, h.t.database.url, {});
    nodes.push(node.app);
    expect(await rawText()).not.toContain(secret);
    const [plain] = (await h.db.query(
      `SELECT count(*)::int AS n FROM check_in WHERE ciphertext IS NULL OR phq9 IS NOT NULL`,
    )) as { n: number }[];
    expect(plain!.n).toBe(0);
    const read = await readAll(node.as(therapist));
    expect(read.progress).toEqual([
      `Talked about the quarrel with ${secret}.`,
      `Older: ${secret} called.`,
    ]);
    expect(read.checkIns).toEqual([
      [17, 6, 6, 1],
      [2, 7, 3, 2],
    ]);
  });

  it('re-encrypts everything under a new key, resumably, so the old key can be taken out', async () => {
    const config = h.t.app.get<Config>(CONFIG);
    const oldEntry = readFileSync(join(config.dataDir, 'notes-keys'), 'utf8').trim();
    const oldId = oldEntry.split(':')[0]!;
    expect(await keysInUse()).toEqual([oldId]);
    const before = await readAll(therapist);

    const newEntry = `2027a:${randomBytes(32).toString('base64')}`;
    const rotated = await startAnotherNode(config, h.t.database.url, {
      NOTES_KEYS: `${newEntry},${oldEntry}`,
    });
    nodes.push(rotated.app);
    const cipher = rotated.app.get(NotesCipher);
    const progress: ResealProgress[] = [];
    const first = await resealClinicalRecords(h.db, cipher, {
      onProgress: (p) => progress.push(p),
    });
    expect(first.failures).toEqual([]);
    expect(first.sealed).toEqual({
      therapist_note: 1,
      check_in: 2,
      progress_note: 2,
      interpersonal_inventory: 1,
      client_focus: 1,
    });
    expect(progress.filter((p) => p.table === 'check_in')).toEqual([
      { table: 'check_in', done: 0, total: 2 },
      { table: 'check_in', done: 2, total: 2 },
    ]);
    expect(await keysInUse()).toEqual(['2027a']);
    // Run again (or after a stop): nothing is left to do.
    const again = await resealClinicalRecords(h.db, cipher);
    expect(Object.values(again.sealed)).toEqual([0, 0, 0, 0, 0]);

    // The old key is gone: everything still reads the same.
    const newOnly = await startAnotherNode(config, h.t.database.url, { NOTES_KEYS: newEntry });
    nodes.push(newOnly.app);
    expect(await readAll(newOnly.as(therapist))).toEqual(before);
    expect(await rawText()).not.toContain(secret);
  });

  it('reports rows whose key is missing instead of losing them', async () => {
    const config = h.t.app.get<Config>(CONFIG);
    const unrelated = await startAnotherNode(config, h.t.database.url, {
      NOTES_KEYS: `2028a:${randomBytes(32).toString('base64')}`,
    });
    nodes.push(unrelated.app);
    const result = await resealClinicalRecords(h.db, unrelated.app.get(NotesCipher));
    expect(result.failures).toHaveLength(7);
    expect(result.failures[0]!.reason).toBe(
      'A clinical record is sealed with key "2027a", which is not configured (NOTES_KEYS)',
    );
    expect(await keysInUse()).toEqual(['2027a']);
  });
});
