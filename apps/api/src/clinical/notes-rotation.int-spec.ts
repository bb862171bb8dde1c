import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { clinicalRoutes, schedulingRoutes } from '@hearth/contracts';
import { type Config, ConfigError, loadConfig } from '../config/config';
import { CONFIG } from '../config/config.module';
import { startAnotherNode } from '../testing/another-node';
import {
  type Actor,
  type SchedulingHarness,
  courseBody,
  failure,
  startSchedulingApp,
} from '../testing/scheduling-harness';

// Key rotation across restarts: notes written under one key still open after NOTES_KEYS puts a
// new key first, new notes use the new key, and an old key taken out too early is reported.

describe('therapist note keys', () => {
  let h: SchedulingHarness;
  let therapist: Actor;
  let client: Actor;
  let courseId: string;
  let sessions: string[];
  const nodes: NestExpressApplication[] = [];

  const keyOf = async (noteId: string) =>
    (
      (await h.db.query(`SELECT key_id FROM therapist_note WHERE id = $1`, [noteId])) as {
        key_id: string;
      }[]
    )[0]!.key_id;

  beforeAll(async () => {
    h = await startSchedulingApp();
    const practice = await h.practice();
    therapist = await practice.person('Theo Therapist', ['therapist']);
    client = await practice.person('Ivy Individual', ['client']);
    const course = await practice.coordinator.call(schedulingRoutes.createCourse, {
      body: courseBody({
        format: 'individual',
        therapistId: therapist.personId,
        members: [{ personId: client.personId, relation: 'member', status: 'active' }],
      }),
    });
    courseId = course.id;
    sessions = course.sessions.map((s) => s.id);
  });
  afterAll(async () => {
    for (const node of nodes) await node.close();
    await h?.close();
  });

  it('still opens old notes after a rotation, and seals new ones with the new key', async () => {
    const old = await therapist.call(clinicalRoutes.putNote, {
      params: { sessionId: sessions[0]!, personId: client.personId },
      body: { text: 'Before the rotation.' },
    });
    const generated = await keyOf(old.id);
    expect(generated).toMatch(/^local-/);

    // The operator puts a new key first and keeps the generated one (the data folder's
    // notes-keys line) behind it.
    const config = h.t.app.get<Config>(CONFIG);
    const oldEntry = readFileSync(join(config.dataDir, 'notes-keys'), 'utf8').trim();
    const newKey = randomBytes(32).toString('base64');
    const rotated = await startAnotherNode(config, h.t.database.url, {
      NOTES_KEYS: `2027a:${newKey},${oldEntry}`,
    });
    nodes.push(rotated.app);
    const api = rotated.as(therapist);
    const written = await api.call(clinicalRoutes.putNote, {
      params: { sessionId: sessions[1]!, personId: client.personId },
      body: { text: 'After the rotation.' },
    });
    expect(await keyOf(written.id)).toBe('2027a');
    const { notes } = await api.call(clinicalRoutes.listNotes, {
      params: { courseId, personId: client.personId },
    });
    expect(notes.map((n) => n.text)).toEqual(['Before the rotation.', 'After the rotation.']);

    // Rewriting an old note seals it with the current key.
    await api.call(clinicalRoutes.putNote, {
      params: { sessionId: sessions[0]!, personId: client.personId },
      body: { text: 'Before the rotation, edited.' },
    });
    expect(await keyOf(old.id)).toBe('2027a');
  });

  it('says which key is missing when one still in use is taken out', async () => {
    await therapist.call(clinicalRoutes.putNote, {
      params: { sessionId: sessions[2]!, personId: client.personId },
      body: { text: 'Sealed with the generated key.' },
    });
    const config = h.t.app.get<Config>(CONFIG);
    const tooEarly = await startAnotherNode(config, h.t.database.url, {
      NOTES_KEYS: `2027b:${randomBytes(32).toString('base64')}`,
    });
    nodes.push(tooEarly.app);
    const error = await failure(
      tooEarly.as(therapist).call(clinicalRoutes.listNotes, {
        params: { courseId, personId: client.personId },
      }),
    );
    expect(error.status).toBe(503);
    expect(error.message).toMatch(
      /^A clinical record is sealed with key "[\w-]+", which is not configured/,
    );
  });

  it('refuses a bad NOTES_KEYS at start-up, naming the variable and not the key', () => {
    const secret = randomBytes(16).toString('base64');
    try {
      loadConfig({ NOTES_KEYS: `short:${secret}` });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        {
          variable: 'NOTES_KEYS',
          message: 'key "short" must be 32 bytes in base64 (openssl rand -base64 32)',
        },
      ]);
      expect((error as Error).message).not.toContain(secret);
    }
  });
});
