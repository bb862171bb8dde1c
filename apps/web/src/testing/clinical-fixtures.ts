import type { CheckIn, ClinicalAlert } from '@hearth/contracts';
import { phq9Severity, gad7Severity } from '@hearth/domain';
import { parent, courseId, sessionId, therapist } from './scheduling-fixtures';

// Test data for the clinical screens, in the contract's shapes.

export function checkIn(n: number, phq9Total: number, gad7Total: number, mood: number): CheckIn {
  return {
    id: `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    sessionId: sessionId(n),
    sessionNumber: n,
    personId: parent.id,
    submittedAt: '2026-01-11T18:00:00.000Z',
    phq9: [3, 3, 3, 3, 3, 0, 0, 0, 0].map((a, i) => (i < Math.ceil(phq9Total / 3) ? a : 0)),
    gad7: [0, 0, 0, 0, 0, 0, 0],
    phq9Total,
    phq9Severity: phq9Severity(phq9Total),
    gad7Total,
    gad7Severity: gad7Severity(gad7Total),
    mood,
  };
}

export const alert: ClinicalAlert = {
  id: '20000000-0000-4000-8000-000000000001',
  kind: 'phq9_item9',
  client: { personId: parent.id, displayName: parent.displayName },
  course: { id: courseId, title: 'Okafor family' },
  session: { id: sessionId(1), number: 1, startsAt: '2026-01-12T10:00:00.000Z' },
  item9Answer: 2,
  raisedAt: '2026-01-11T18:00:00.000Z',
  acknowledgedAt: null,
  acknowledgedBy: null,
};

export const acknowledged: ClinicalAlert = {
  ...alert,
  acknowledgedAt: '2026-01-11T19:00:00.000Z',
  acknowledgedBy: { personId: therapist.id, displayName: therapist.displayName },
};
