import { DomainError } from '../errors/domain-error';
import { canonicalTimeZone } from '../scheduling/time-zone';
import { practiceLocationLimits } from '../vocabulary';

export { practiceLocationLimits } from '../vocabulary';

/** A place where the practice sees people in person, as a coordinator lists it. */
export interface PracticeLocationDraft {
  /** The location being kept or renamed; absent for a new one. */
  readonly id?: string | undefined;
  readonly name: string;
  readonly addressLine?: string | null | undefined;
  /** IANA zone the place keeps, when it matters (people coming from elsewhere). */
  readonly timeZone?: string | null | undefined;
}

export interface PracticeLocation {
  readonly id: string | null;
  readonly name: string;
  readonly addressLine: string | null;
  readonly timeZone: string | null;
}

// Two names that differ only by case, accents composed differently, or spacing are the same place
// to the person choosing between them.
const sameName = (name: string) => name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Checks a practice's whole list of locations (already through the text rule) and returns it
 * tidied: at most {@link practiceLocationLimits.max}; names unique regardless of case and
 * spacing; an id named once at most, and only one of the practice's current locations
 * (`knownIds`); a time zone, when given, one Intl knows (stored by its canonical name).
 * @throws DomainError `validation_failed` with `details.issues` naming each problem by index.
 */
export function checkPracticeLocations(
  drafts: readonly PracticeLocationDraft[],
  knownIds: ReadonlySet<string>,
): PracticeLocation[] {
  const issues: { path: string; message: string }[] = [];
  if (drafts.length > practiceLocationLimits.max) {
    issues.push({
      path: 'locations',
      message: `must list at most ${practiceLocationLimits.max} locations`,
    });
  }
  const names = new Map<string, number>();
  const ids = new Set<string>();
  const tidy = drafts.map((draft, index) => {
    const name = draft.name.trim().replace(/\s+/g, ' ');
    const key = sameName(name);
    const earlier = names.get(key);
    if (earlier !== undefined) {
      issues.push({
        path: `locations.${index}.name`,
        message: `is already the name of location ${earlier + 1}`,
      });
    } else {
      names.set(key, index);
    }
    if (draft.id !== undefined) {
      if (ids.has(draft.id)) {
        issues.push({ path: `locations.${index}.id`, message: 'is listed twice' });
      } else if (!knownIds.has(draft.id)) {
        issues.push({
          path: `locations.${index}.id`,
          message: 'is not one of the practice’s locations; reload the page',
        });
      }
      ids.add(draft.id);
    }
    let timeZone: string | null = null;
    if (draft.timeZone) {
      timeZone = canonicalTimeZone(draft.timeZone) ?? null;
      if (!timeZone) {
        issues.push({
          path: `locations.${index}.timeZone`,
          message: "must be an IANA time zone such as 'Europe/London'",
        });
      }
    }
    const address = draft.addressLine?.trim();
    return { id: draft.id ?? null, name, addressLine: address ? address : null, timeZone };
  });
  if (issues.length > 0) {
    throw new DomainError('validation_failed', 'The locations are not valid', { issues });
  }
  return tidy;
}
