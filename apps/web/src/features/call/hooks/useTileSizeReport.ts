import { useEffect, type RefObject } from 'react';
import { MAX_TILE_PIXEL_RATIO } from '@hearth/contracts';
import { useCall } from './useCall';

/**
 * Tells the server how large a remote video is shown, in device pixels (the devicePixelRatio
 * counted up to `MAX_TILE_PIXEL_RATIO`), and 0×0 while it is
 * off screen or the tab is hidden, so the server forwards the simulcast layer that fits.
 */
export function useTileSizeReport(
  ref: RefObject<HTMLElement | null>,
  consumerId: string | null,
): void {
  const { call } = useCall();
  useEffect(() => {
    const element = ref.current;
    if (!element || !consumerId) return;
    let width = 0;
    let height = 0;
    let onScreen = true;
    const report = () => {
      const visible = onScreen && document.visibilityState !== 'hidden';
      call.reportTileSize(consumerId, visible ? width : 0, visible ? height : 0);
    };
    const resize =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(([entry]) => {
            if (!entry) return;
            // A phone's ratio of 3 would ask for the top layer for a thumbnail: 2 is sharp enough.
            const ratio = Math.min(window.devicePixelRatio || 1, MAX_TILE_PIXEL_RATIO);
            width = entry.contentRect.width * ratio;
            height = entry.contentRect.height * ratio;
            report();
          });
    const intersect =
      typeof IntersectionObserver === 'undefined'
        ? null
        : new IntersectionObserver(([entry]) => {
            onScreen = entry?.isIntersecting ?? true;
            report();
          });
    resize?.observe(element);
    intersect?.observe(element);
    document.addEventListener('visibilitychange', report);
    return () => {
      resize?.disconnect();
      intersect?.disconnect();
      document.removeEventListener('visibilitychange', report);
    };
  }, [call, consumerId, ref]);
}
