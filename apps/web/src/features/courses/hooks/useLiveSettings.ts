import { useState } from 'react';
import { liveRoutes, type LiveSettings } from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import { useApiQuery, type QueryState } from '../../../api/useApiQuery';
import { toFormErrors } from '../../forms/form-errors';

export interface LiveSettingsEditor {
  readonly state: QueryState<LiveSettings>;
  /** What the form shows: the last saved settings, or the ones being saved. */
  readonly settings: LiveSettings | null;
  readonly saving: boolean;
  /** Why the last save failed, in words; the form then shows what is still stored. */
  readonly error: string | null;
  readonly saved: boolean;
  save(next: LiveSettings): Promise<void>;
}

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error
    ? Number((error as { status: unknown }).status)
    : undefined;
}

/** The words for a refused read or save of the live-room settings. */
export function liveSettingsError(status: number | undefined, message: string): string {
  if (status === 403) {
    return 'Only the practice’s coordinators and this course’s therapists can change its live room.';
  }
  if (status === 404) return 'We can’t find this course. It may have been removed.';
  return message;
}

/** A course's live-room settings, read once and saved one change at a time. */
export function useLiveSettings(courseId: string): LiveSettingsEditor {
  const client = useApiClient();
  const { state } = useApiQuery(`live-settings:${courseId}`, (c) =>
    c.call(liveRoutes.getLiveSettings, { params: { courseId } }),
  );
  const [stored, setStored] = useState<LiveSettings | null>(null);
  const [pending, setPending] = useState<LiveSettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const loaded = state.kind === 'ready' ? state.data : null;
  async function save(next: LiveSettings) {
    setPending(next);
    setError(null);
    setSaved(false);
    try {
      setStored(
        await client.call(liveRoutes.putLiveSettings, { params: { courseId }, body: next }),
      );
      setSaved(true);
    } catch (failure) {
      setError(
        liveSettingsError(statusOf(failure), toFormErrors(failure, []).form ?? String(failure)),
      );
    } finally {
      setPending(null);
    }
  }
  return {
    state,
    settings: pending ?? stored ?? loaded,
    saving: pending !== null,
    error,
    saved,
    save,
  };
}
