import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import {
  DomainError,
  judgePassword,
  type PasswordOwner,
  type StrengthEstimator,
} from '@hearth/domain';

// The same estimator and dictionaries the web form uses as people type, so both say the same.
const zxcvbn = new ZxcvbnFactory({
  translations: english.translations,
  graphs: common.adjacencyGraphs,
  dictionary: { ...common.dictionary, ...english.dictionary },
});

const estimate: StrengthEstimator = (password, userInputs) => {
  // zxcvbn's cost grows with length; 200 characters (the contract's maximum) stays well under 50 ms.
  const result = zxcvbn.check(password, [...userInputs]);
  return {
    score: result.score,
    warning: result.feedback.warning ?? null,
    suggestions: result.feedback.suggestions,
  };
};

/**
 * Refuses a new password that is too easily guessed or contains the owner's email or name, as a
 * field error (400, on `password` unless named), before anything is stored.
 */
export function assertStrongPassword(
  password: string,
  owner: PasswordOwner,
  field = 'password',
): void {
  const verdict = judgePassword(password, owner, estimate);
  if (verdict.ok) return;
  const message = verdict.problems.join(' ');
  throw new DomainError('validation_failed', `Invalid body.${field}: ${message}`, {
    issues: [{ location: 'body', path: field, message }],
  });
}
