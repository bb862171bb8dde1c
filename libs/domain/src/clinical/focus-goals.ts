import { focusAreas, type FocusArea } from '../scheduling/course-format';
import { validationFailed, type ValidationIssue } from '../scheduling/validation-issues';

/** One IPT problem area a client works on, with the goals agreed for it. */
export interface ClientFocus {
  readonly area: FocusArea;
  readonly goals: readonly string[];
}

/** A client has one focus, sometimes two; each with one to five short goals. */
export const focusLimits = { minAreas: 1, maxAreas: 2, minGoals: 1, maxGoals: 5 } as const;

/**
 * Checks a client's focus: one or two different problem areas, each with 1–5 goals that are not
 * blank; returns the goals trimmed.
 * @throws DomainError `validation_failed` naming each bad entry (`areas.1.area`, `areas.0.goals`).
 */
export function validateFocus(areas: readonly ClientFocus[]): ClientFocus[] {
  const issues: ValidationIssue[] = [];
  if (areas.length < focusLimits.minAreas || areas.length > focusLimits.maxAreas) {
    issues.push({ path: 'areas', message: 'must name one or two problem areas' });
  }
  const seen = new Set<string>();
  areas.forEach((focus, i) => {
    if (!(focusAreas as readonly string[]).includes(focus.area)) {
      issues.push({ path: `areas.${i}.area`, message: 'must be an IPT problem area' });
    } else if (seen.has(focus.area)) {
      issues.push({ path: `areas.${i}.area`, message: 'must not repeat a problem area' });
    }
    seen.add(focus.area);
    const goals = focus.goals.map((goal) => goal.trim());
    if (goals.length < focusLimits.minGoals || goals.length > focusLimits.maxGoals) {
      issues.push({ path: `areas.${i}.goals`, message: 'must have one to five goals' });
    }
    goals.forEach((goal, j) => {
      if (goal.length === 0) {
        issues.push({ path: `areas.${i}.goals.${j}`, message: 'must not be empty' });
      }
    });
  });
  if (issues.length > 0) throw validationFailed('Focus', issues);
  return areas.map((focus) => ({ area: focus.area, goals: focus.goals.map((g) => g.trim()) }));
}
