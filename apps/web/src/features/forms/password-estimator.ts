import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import type { StrengthEstimator } from '@hearth/domain';

// Loaded on demand (usePasswordStrength): these dictionaries are most of its weight.
const zxcvbn = new ZxcvbnFactory({
  translations: english.translations,
  graphs: common.adjacencyGraphs,
  dictionary: { ...common.dictionary, ...english.dictionary },
});

export const estimateStrength: StrengthEstimator = (password, userInputs) => {
  const result = zxcvbn.check(password, [...userInputs]);
  return {
    score: result.score,
    warning: result.feedback.warning ?? null,
    suggestions: result.feedback.suggestions,
  };
};
