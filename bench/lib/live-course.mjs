// The live benchmarks' common start: a practice, its therapist and client, and a 1:1 course with a
// session on right now whose client skips the waiting room (so a join, or a rejoin after a fault,
// needs no admission).
import { confirmedSignUp } from './mailbox.mjs';

/**
 * `api(method, path, body, token)` calls the server under test; `mailbox` receives its mail.
 * Returns the people (email and id) and the session's id and join path.
 */
export async function oneToOneSessionNow(api, mailbox, password) {
  const coordinator = await confirmedSignUp(api, mailbox, {
    practiceName: 'Bench Practice',
    displayName: 'Bench Coordinator',
    email: 'coordinator@bench.example',
    password,
    timeZone: 'UTC',
  });
  const people = {};
  for (const [key, name, roles] of [
    ['therapist', 'Bench Therapist', ['therapist']],
    ['client', 'Bench Client', ['client']],
  ]) {
    const email = `${key}@bench.example`;
    const { acceptPath } = await api(
      'POST',
      '/api/invitations',
      { email, displayName: name, roles },
      coordinator.accessToken,
    );
    const accepted = await api('POST', `/api/invitations/${acceptPath.split('/').pop()}/accept`, {
      password,
      timeZone: 'UTC',
    });
    people[key] = { email, id: accepted.person.id };
    if (key === 'client') {
      // Clients accept the practice's consent before their first session.
      const { version } = await api('GET', '/api/consent', undefined, accepted.accessToken);
      await api('POST', '/api/consent/accept', { version }, accepted.accessToken);
    }
  }
  const start = new Date(Date.now() - 60_000);
  const course = await api(
    'POST',
    '/api/courses',
    {
      title: 'Bench course',
      format: 'individual',
      focusAreas: ['role_transitions'],
      therapistId: people.therapist.id,
      timeZone: 'UTC',
      weekday: start.getUTCDay() === 0 ? 7 : start.getUTCDay(),
      localTime: start.toISOString().slice(11, 16),
      startDate: start.toISOString().slice(0, 10),
      durationMinutes: 120,
      members: [{ personId: people.client.id, relation: 'member', status: 'active' }],
    },
    coordinator.accessToken,
  );
  await api(
    'PUT',
    `/api/courses/${course.id}/live-settings`,
    { autoAdmitMembers: true },
    coordinator.accessToken,
  );
  const sessionId = course.sessions[0].id;
  return { people, sessionId, joinPath: `/sessions/${sessionId}/join` };
}

/**
 * For a page's init script (it runs in the browser, so it uses nothing from here): per remote tile
 * the wall-clock time of the last presented frame, the id of the video track shown and the time of
 * that track's first frame (checked every 20 ms), in `window.__frames`.
 */
/* global document, window -- an init script runs in the browser */
export function installFrameWatch() {
  const seen = {};
  const counts = new WeakMap();
  window.__frames = seen;
  setInterval(() => {
    for (const tile of document.querySelectorAll('[data-testid="video-tile"]')) {
      const video = tile.querySelector('video');
      const id = tile.getAttribute('data-participant-id');
      if (!video || !id) continue;
      const track = video.srcObject?.getVideoTracks?.()[0]?.id ?? '';
      const total = video.getVideoPlaybackQuality().totalVideoFrames;
      const entry = (seen[id] ??= { lastAt: 0, track: '', trackFirstAt: 0 });
      // A new track on the same element starts its count again.
      if (entry.track !== track) {
        Object.assign(entry, { track, trackFirstAt: 0 });
        counts.set(video, 0);
      }
      const before = Math.min(counts.get(video) ?? 0, total);
      if (total > before) {
        entry.lastAt = Date.now();
        entry.trackFirstAt ||= entry.lastAt;
      }
      counts.set(video, total);
    }
  }, 20);
}
