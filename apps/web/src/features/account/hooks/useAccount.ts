import { useContext } from 'react';
import { accountRoutes, type Account } from '@hearth/contracts';
import { useApiQuery, type Query } from '../../../api/useApiQuery';
import { SessionContext } from '../../auth/session-context';

/** The signed-in person's own account, read again after each change. */
export function useAccount(): Query<Account> {
  return useApiQuery('account', (client) => client.call(accountRoutes.account));
}

/**
 * Renews the access token, so the header and every page see a changed name or time zone (the
 * token's answer carries the person as they are now).
 */
export function useRefreshPerson(): () => Promise<void> {
  const store = useContext(SessionContext);
  return async () => {
    await store?.renew();
  };
}
