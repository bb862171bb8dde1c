import { createContext, useContext, useEffect } from 'react';

/**
 * Whether a page has the whole window to itself (the live call): the shell then leaves out its
 * header and footer. A page asks for it while mounted with `useImmersivePage`.
 */
export const ImmersiveContext = createContext<(immersive: boolean) => void>(() => undefined);

/** Takes the whole window for as long as the calling component is mounted. */
export function useImmersivePage(): void {
  const setImmersive = useContext(ImmersiveContext);
  useEffect(() => {
    setImmersive(true);
    return () => setImmersive(false);
  }, [setImmersive]);
}
