import type { RequestLocation } from '@hearth/contracts';
import { describedBy, FieldError } from '../../forms/components/FieldMessage';
import { online } from '../request-form';

/**
 * "Where": by video, or in person at one of the practice's locations (and then whether video
 * would do as well). A practice with no locations sees people by video only, and says so.
 */
export function PlaceChoices({
  id,
  locationFieldId,
  practiceName,
  locations,
  place,
  videoToo,
  error,
  locationError,
  onPlace,
  onVideoToo,
}: {
  /** The id of the first choice, where an error about the setting moves the focus. */
  id: string;
  /** The id of the first location, where an error about the location moves the focus. */
  locationFieldId: string;
  practiceName: string;
  locations: readonly RequestLocation[];
  place: string;
  videoToo: boolean;
  error: string | undefined;
  locationError: string | undefined;
  onPlace: (place: string) => void;
  onVideoToo: (videoToo: boolean) => void;
}) {
  if (locations.length === 0) {
    return (
      <p className="field" id={id} tabIndex={-1}>
        <strong>Where: </strong>
        {practiceName} sees people by video, so you take part from wherever you are.
      </p>
    );
  }
  const choices = [
    { value: online, label: 'Online, by video from wherever I am', hint: null },
    ...locations.map((l) => ({
      value: l.id,
      label: `In person at ${l.name}`,
      hint: l.addressLine,
    })),
  ];
  const chosen = locations.find((l) => l.id === place);
  return (
    <fieldset
      className="field choices"
      data-invalid={error || locationError ? true : undefined}
      aria-describedby={
        [
          describedBy(id, false, Boolean(error)),
          describedBy(locationFieldId, false, Boolean(locationError)),
        ]
          .filter(Boolean)
          .join(' ') || undefined
      }
    >
      <legend>Where</legend>
      {error ? <FieldError id={id} message={error} /> : null}
      {locationError ? <FieldError id={locationFieldId} message={locationError} /> : null}
      {choices.map((choice, index) => {
        const inputId = index === 0 ? id : index === 1 ? locationFieldId : `${id}-${index}`;
        return (
          <div className="choice" key={choice.value}>
            <input
              id={inputId}
              type="radio"
              name="place"
              checked={place === choice.value}
              aria-describedby={choice.hint ? `${inputId}-address` : undefined}
              onChange={() => onPlace(choice.value)}
            />
            <label htmlFor={inputId}>{choice.label}</label>
            {choice.hint ? (
              <span id={`${inputId}-address`} className="field__hint">
                {choice.hint}
              </span>
            ) : null}
          </div>
        );
      })}
      {chosen ? (
        <div className="choice">
          <input
            id={`${id}-video-too`}
            type="checkbox"
            checked={videoToo}
            onChange={(event) => onVideoToo(event.target.checked)}
          />
          <label htmlFor={`${id}-video-too`}>
            Sessions by video would suit me too, if that is sooner
          </label>
        </div>
      ) : null}
    </fieldset>
  );
}
