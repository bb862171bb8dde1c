import { therapyRequestBodySchema } from '@hearth/contracts';
import { describe, expect, it } from 'vitest';
import {
  emptyRequest,
  newTimeRow,
  settingText,
  suggestedStartDate,
  toRequestBody,
} from './request-form';

describe('request form', () => {
  it('builds the body the API validates, languages in the list’s order', () => {
    const values = {
      ...emptyRequest('Europe/Warsaw'),
      name: 'Ola',
      email: 'ola@example.org',
      concern: 'Since moving to London I feel alone.',
      focusAreas: ['role_transitions' as const],
      languages: ['pl', 'en'],
      availability: [newTimeRow('2', '09:00', '11:00')],
      consent: true,
    };
    const body = toRequestBody(values, 'token');
    expect(body).toMatchObject({
      languages: ['en', 'pl'],
      availability: [{ weekday: 2, from: '09:00', to: '11:00' }],
      timeZone: 'Europe/Warsaw',
    });
    expect(body).not.toHaveProperty('website');
    expect(therapyRequestBodySchema.safeParse(body).success).toBe(true);
  });

  it('sends the honeypot only when something is in it, and consent as given', () => {
    const body = toRequestBody({ ...emptyRequest('UTC'), website: 'x' }, 't');
    expect(body.website).toBe('x');
    const parsed = therapyRequestBodySchema.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain('consent');
  });

  it('sends the place chosen: video, a location, or a location with video too', () => {
    const id = '3e1f7a52-9c4d-4b2e-8f60-1a2b3c4d5e6f';
    const base = { ...emptyRequest('UTC'), consent: true };
    expect(toRequestBody(base, 't')).toMatchObject({ setting: 'remote' });
    expect(toRequestBody(base, 't')).not.toHaveProperty('locationId');
    expect(toRequestBody({ ...base, place: id }, 't')).toMatchObject({
      setting: 'in_person',
      locationId: id,
    });
    expect(toRequestBody({ ...base, place: id, videoToo: true }, 't')).toMatchObject({
      setting: 'either',
      locationId: id,
    });
    // "Video too" means nothing without a location.
    expect(toRequestBody({ ...base, videoToo: true }, 't')).toMatchObject({ setting: 'remote' });
  });

  it('words the setting of a request for coordinators', () => {
    const york = { name: 'York' };
    expect(settingText('remote', null)).toBe('By video');
    expect(settingText('in_person', york)).toBe('In person at York');
    expect(settingText('either', york)).toBe('By video or in person at York');
  });

  it('suggests a start on the chosen weekday at least a week ahead', () => {
    // Wednesday 6 May 2026 → the Monday at least 7 days later is 18 May.
    expect(suggestedStartDate(new Date(2026, 4, 6), 1)).toBe('2026-05-18');
    expect(suggestedStartDate(new Date(2026, 4, 6), 3)).toBe('2026-05-13');
  });
});
