/** The browser's own IANA time zone, the natural default for a person setting up their account. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Every IANA zone this browser knows; older browsers without the list still get a working one. */
export function supportedTimeZones(): readonly string[] {
  return typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
}

/**
 * The zones to offer, sorted and without repeats. The default is always among them: some browsers
 * resolve to a zone ("UTC", or an old alias) that their own list leaves out.
 */
export function timeZoneChoices(supported: readonly string[], ...always: string[]): string[] {
  return [...new Set([...supported, ...always, 'UTC'])].sort((a, b) => a.localeCompare(b, 'en'));
}

/** "America/Argentina/Buenos_Aires" reads as "America / Argentina / Buenos Aires". */
export function timeZoneLabel(zone: string): string {
  return zone.replaceAll('_', ' ').split('/').join(' / ');
}
