import {
  chatMessageSchema,
  consumerParametersSchema,
  participantSchema,
  sessionViewSchema,
  type ChatMessage,
  type ConsumerParameters,
  type Participant,
  type Person,
  type SessionView,
} from '@hearth/contracts';

// The people and payloads of a live call in the web's tests, built through the wire contract's
// schemas: a fixture that drifts from what the server may send fails where it is made.

export const sessionId = '7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
export const therapistId = '11111111-1111-4111-8111-111111111111';
export const cleoId = '22222222-2222-4222-8222-222222222222';
export const samId = '33333333-3333-4333-8333-333333333333';
export const aliId = '44444444-4444-4444-8444-444444444444';

export function participant(
  overrides: Partial<Participant> & Pick<Participant, 'id'>,
): Participant {
  return participantSchema.parse({
    displayName: 'Someone',
    role: 'client',
    presence: 'admitted',
    since: '2026-01-12T09:55:00.000Z',
    microphoneOn: true,
    cameraOn: true,
    screenSharing: false,
    unmuteLocked: false,
    handPosition: null,
    breakoutRoom: null,
    connection: 'unknown',
    audioOnly: false,
    backgroundProcessed: false,
    ...overrides,
  });
}

export const therapist = participant({
  id: therapistId,
  displayName: 'Dr Tamsin Reed',
  role: 'therapist',
});
/** The therapist's account, for signing in as her. */
export const therapistPerson: Person = {
  id: therapistId,
  practiceId: '8d1f7a52-5b7e-4a3f-8c1e-6f2d9b0c4a11',
  email: 'tamsin@hearth.example',
  displayName: therapist.displayName,
  roles: ['therapist'],
  timeZone: 'Europe/London',
};
export const cleo = participant({ id: cleoId, displayName: 'Cleo Client' });
export const sam = participant({ id: samId, displayName: 'Sam Okafor' });
export const ali = participant({ id: aliId, displayName: 'Ali Okafor' });

export function sessionView(
  selfId: string,
  participants: Participant[],
  overrides: Partial<SessionView> = {},
): SessionView {
  return sessionViewSchema.parse({
    sessionId,
    session: {
      courseTitle: 'Okafor family',
      format: 'family',
      number: 3,
      count: 12,
      phase: 'initial',
      startsAt: '2026-01-12T10:00:00.000Z',
      endsAt: '2026-01-12T10:50:00.000Z',
    },
    selfId,
    locked: false,
    participants,
    breakouts: null,
    activeSpeakerId: null,
    ...overrides,
  });
}

export function chatMessage(id: string, from: Participant, text: string): ChatMessage {
  return chatMessageSchema.parse({
    id,
    fromId: from.id,
    fromName: from.displayName,
    text,
    sentAt: '2026-01-12T10:01:00.000Z',
  });
}

/** A `media:consumer:new` for one of a participant's tracks. */
export function consumerFor(
  participantId: string,
  kind: 'audio' | 'video',
  id = `consumer-${participantId.slice(0, 4)}-${kind}`,
  source: ConsumerParameters['source'] = kind === 'audio' ? 'microphone' : 'camera',
): ConsumerParameters {
  return consumerParametersSchema.parse({
    id,
    producerId: `remote-${id}`,
    producerPeerId: participantId,
    source,
    kind,
    rtpParameters: { codecs: [] },
    producerPaused: false,
  });
}
