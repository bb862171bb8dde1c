import { useMemo } from 'react';
import { supportedTimeZones, timeZoneChoices, timeZoneLabel } from '../time-zones';
import { describedBy, FieldError, FieldHint } from './FieldMessage';

export interface TimeZoneFieldProps {
  readonly id: string;
  readonly value: string;
  readonly onChange: (zone: string) => void;
  readonly error?: string | undefined;
  readonly label?: string;
  /** What the zone is for; people's own zone by default. */
  readonly hint?: string;
}

/** A select of every IANA time zone; typing the first letters jumps through the list. */
export function TimeZoneField({
  id,
  value,
  onChange,
  error,
  label = 'Time zone',
  hint = 'Session times are shown to you in this time zone.',
}: TimeZoneFieldProps) {
  const zones = useMemo(() => timeZoneChoices(supportedTimeZones(), value), [value]);
  return (
    <div className="field" data-invalid={error ? true : undefined}>
      <label htmlFor={id}>{label}</label>
      <FieldHint id={id}>{hint}</FieldHint>
      {error ? <FieldError id={id} message={error} /> : null}
      <select
        id={id}
        name="timeZone"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, true, Boolean(error))}
      >
        {zones.map((zone) => (
          <option key={zone} value={zone}>
            {timeZoneLabel(zone)}
          </option>
        ))}
      </select>
    </div>
  );
}
