import { practiceRoutes } from '@hearth/contracts';
import { useApiQuery } from '../../../api/useApiQuery';
import { describedBy, FieldError } from '../../forms/components/FieldMessage';

/**
 * Where a therapist sees clients: remotely, and in person at any of the practice's locations
 * (which coordinators list on their account page).
 */
export function WhereSection({
  remoteId,
  locationsId,
  remote,
  locationIds,
  remoteError,
  locationsError,
  onRemote,
  onLocations,
}: {
  remoteId: string;
  /** The id of the first location's box, where an error about the locations moves the focus. */
  locationsId: string;
  remote: boolean;
  locationIds: readonly string[];
  remoteError: string | undefined;
  locationsError: string | undefined;
  onRemote: (remote: boolean) => void;
  onLocations: (ids: string[]) => void;
}) {
  const practice = useApiQuery('practice-locations', (client) =>
    client.call(practiceRoutes.locations),
  );
  const locations = practice.state.kind === 'ready' ? practice.state.data.locations : [];
  return (
    <fieldset className="builder__section">
      <legend>Where</legend>
      <div className="field" data-invalid={remoteError ? true : undefined}>
        {remoteError ? <FieldError id={remoteId} message={remoteError} /> : null}
        <div className="choice">
          <input
            id={remoteId}
            type="checkbox"
            name="remote"
            checked={remote}
            aria-invalid={remoteError ? true : undefined}
            aria-describedby={describedBy(remoteId, false, Boolean(remoteError))}
            onChange={(event) => onRemote(event.target.checked)}
          />
          <label htmlFor={remoteId}>Sees clients remotely</label>
        </div>
      </div>
      <div className="field" data-invalid={locationsError ? true : undefined}>
        {locationsError ? <FieldError id={locationsId} message={locationsError} /> : null}
        {practice.state.kind === 'loading' ? (
          <p role="status">Loading the practice’s locations…</p>
        ) : null}
        {practice.state.kind === 'failed' ? (
          <p role="alert">We could not load the practice’s locations. {practice.state.message}</p>
        ) : null}
        {practice.state.kind === 'ready' && locations.length === 0 ? (
          <p className="field__hint">
            The practice has listed no places to see clients in person, so clients are seen
            remotely.
          </p>
        ) : null}
        {locations.map((location, index) => {
          const id = index === 0 ? locationsId : `${locationsId}-${index}`;
          const checked = locationIds.includes(location.id);
          return (
            <div className="choice" key={location.id}>
              <input
                id={id}
                type="checkbox"
                checked={checked}
                aria-describedby={describedBy(locationsId, false, Boolean(locationsError))}
                onChange={(event) =>
                  onLocations(
                    // In the practice's order, whichever order they were ticked in.
                    locations
                      .map((l) => l.id)
                      .filter((lid) =>
                        lid === location.id ? event.target.checked : locationIds.includes(lid),
                      ),
                  )
                }
              />
              <label htmlFor={id}>Sees clients in person at {location.name}</label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
