import { useEffect, useState } from 'react';
import type { InboundStat } from '../call-client/inbound-stats';
import { useCall } from './useCall';

/** Every incoming track's receive statistics, read once a second while `enabled`. */
export function useInboundStats(enabled: boolean): readonly InboundStat[] {
  const { call } = useCall();
  const [stats, setStats] = useState<readonly InboundStat[]>([]);
  useEffect(() => {
    if (!enabled) return;
    let current = true;
    const read = () =>
      call.inboundStats().then((next) => {
        if (current) setStats(next);
      });
    void read();
    const timer = setInterval(() => void read(), 1000);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [call, enabled]);
  return stats;
}
