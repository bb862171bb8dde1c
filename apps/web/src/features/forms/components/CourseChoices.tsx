import type { ReactNode } from 'react';
import type { CourseFormat, FocusArea } from '@hearth/contracts';
import { courseFormats, focusAreas } from '@hearth/domain';
import {
  focusAreaLabels,
  formatExplanations,
  formatLabels,
} from '../../scheduling/scheduling-labels';
import { ChoiceGroup } from '../../ui/ChoiceGroup';

interface Common {
  /** The id of the first choice, where focus goes when the group is wrong. */
  readonly id: string;
  readonly legend: ReactNode;
  readonly error: string | undefined;
}

const focusOptions = focusAreas.map((area: FocusArea) => ({
  value: area,
  label: focusAreaLabels[area],
}));

/** IPT's four focus areas as checkboxes: the course builder, profiles and requests ask this. */
export function FocusAreaChoices(
  props: Common & { value: readonly FocusArea[]; onChange: (areas: FocusArea[]) => void },
) {
  return <ChoiceGroup type="checkbox" options={focusOptions} {...props} />;
}

/**
 * The formats (individual, couple, family, group): one of them, each with who it is for
 * (`type="radio"`), or any of them, e.g. the ones a therapist offers (`type="checkbox"`).
 */
export function FormatChoices(
  props: Common &
    (
      | { type: 'radio'; value: CourseFormat | ''; onChange: (format: CourseFormat) => void }
      | {
          type: 'checkbox';
          value: readonly CourseFormat[];
          onChange: (formats: CourseFormat[]) => void;
        }
    ),
) {
  const options = courseFormats.map((f: CourseFormat) => ({
    value: f,
    label: formatLabels[f],
    ...(props.type === 'radio' ? { description: formatExplanations[f] } : {}),
  }));
  return props.type === 'radio' ? (
    <ChoiceGroup options={options} {...props} />
  ) : (
    <ChoiceGroup options={options} {...props} />
  );
}
