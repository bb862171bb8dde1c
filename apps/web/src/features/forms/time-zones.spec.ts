import { describe, expect, it } from 'vitest';
import { browserTimeZone, supportedTimeZones, timeZoneChoices, timeZoneLabel } from './time-zones';

describe('time zones', () => {
  it('offers every zone the browser knows, sorted, with the default and UTC always included', () => {
    const choices = timeZoneChoices(['Europe/London', 'America/New_York'], 'Etc/GMT+3');
    expect(choices).toEqual(['America/New_York', 'Etc/GMT+3', 'Europe/London', 'UTC']);
    expect(timeZoneChoices(['UTC', 'Europe/London'], 'Europe/London')).toEqual([
      'Europe/London',
      'UTC',
    ]);
  });

  it('knows the IANA list and the browser’s own zone', () => {
    expect(supportedTimeZones()).toContain('Europe/London');
    expect(browserTimeZone()).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it('labels a zone readably', () => {
    expect(timeZoneLabel('America/Argentina/Buenos_Aires')).toBe(
      'America / Argentina / Buenos Aires',
    );
  });
});
