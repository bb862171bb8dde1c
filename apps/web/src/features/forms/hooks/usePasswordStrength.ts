import { judgePassword, type PasswordOwner, type PasswordVerdict } from '@hearth/domain';
import { useEffect, useState } from 'react';
import type { StrengthEstimator } from '@hearth/domain';

// The estimator's dictionaries are ~800 KB; they load the first time someone types a new
// password, so the pages people open first stay light.
let loading: Promise<StrengthEstimator> | undefined;
const loadEstimator = () =>
  (loading ??= import('../password-estimator').then((module) => module.estimateStrength));

/**
 * The strength verdict of a new password as it is typed (the same rule the API applies), or null
 * while nothing is typed or the estimator is still loading.
 */
export function usePasswordStrength(
  password: string,
  owner: PasswordOwner,
): PasswordVerdict | null {
  const [estimator, setEstimator] = useState<StrengthEstimator | null>(null);
  const wanted = password.length > 0;
  useEffect(() => {
    if (!wanted || estimator) return;
    let live = true;
    loadEstimator().then(
      (loaded) => {
        if (live) setEstimator(() => loaded);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [wanted, estimator]);
  if (!wanted || !estimator) return null;
  return judgePassword(password, owner, estimator);
}
