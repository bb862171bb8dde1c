import type {
  Gad7Severity,
  InventoryRelation,
  InventoryStatus,
  Phq9Severity,
} from '@hearth/contracts';

// The wording of the PHQ-9 and GAD-7 as clients read them. Both are free to use (Pfizer); the
// questions and the four answers must stay as they are for the scores to mean anything.

export const phq9Stem =
  'Over the last 2 weeks, how often have you been bothered by any of the following problems?';
export const gad7Stem = phq9Stem;

export const phq9Items = [
  'Little interest or pleasure in doing things',
  'Feeling down, depressed, or hopeless',
  'Trouble falling or staying asleep, or sleeping too much',
  'Feeling tired or having little energy',
  'Poor appetite or overeating',
  'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
  'Trouble concentrating on things, such as reading the newspaper or watching television',
  'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
  'Thoughts that you would be better off dead or of hurting yourself in some way',
] as const;

export const gad7Items = [
  'Feeling nervous, anxious or on edge',
  'Not being able to stop or control worrying',
  'Worrying too much about different things',
  'Trouble relaxing',
  'Being so restless that it is hard to sit still',
  'Becoming easily annoyed or irritable',
  'Feeling afraid as if something awful might happen',
] as const;

export const answerOptions = [
  { value: 0, label: 'Not at all' },
  { value: 1, label: 'Several days' },
  { value: 2, label: 'More than half the days' },
  { value: 3, label: 'Nearly every day' },
] as const;

export const phq9SeverityLabels: Record<Phq9Severity, string> = {
  minimal: 'Minimal',
  mild: 'Mild',
  moderate: 'Moderate',
  moderately_severe: 'Moderately severe',
  severe: 'Severe',
};

export const gad7SeverityLabels: Record<Gad7Severity, string> = {
  minimal: 'Minimal',
  mild: 'Mild',
  moderate: 'Moderate',
  severe: 'Severe',
};

export const item9AnswerLabels: Record<number, string> = {
  1: 'several days',
  2: 'more than half the days',
  3: 'nearly every day',
};

export const inventoryRelationLabels: Record<InventoryRelation, string> = {
  partner: 'Partner',
  parent: 'Parent',
  child: 'Child',
  sibling: 'Brother or sister',
  other_family: 'Other family',
  friend: 'Friend',
  colleague: 'Colleague',
  other: 'Someone else',
};

export const inventoryStatusLabels: Record<InventoryStatus, string> = {
  not_started: 'Not started',
  submitted: 'Waiting for review',
  reviewed: 'Reviewed',
};
