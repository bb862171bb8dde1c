import { useEffect, useState } from 'react';
import { useApiClient } from '../../../api/useApiClient';
import { checkServiceStatus, nextCheckDelayMs, type ServiceStatus } from '../service-status';

/**
 * Whether the Hearth API is ready, re-checked in the background. A re-check keeps showing the last
 * known status rather than flashing "checking", so screen readers only hear real changes.
 */
export function useServiceStatus(): ServiceStatus {
  const client = useApiClient();
  const [status, setStatus] = useState<ServiceStatus>('checking');

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      const next = await checkServiceStatus(client);
      if (stopped) return;
      setStatus(next);
      timer = setTimeout(() => void check(), nextCheckDelayMs(next));
    };
    void check();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [client]);

  return status;
}
