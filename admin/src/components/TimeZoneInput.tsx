import { useMemo, useRef, useState } from 'react';
import { Combobox, ComboboxOption } from '@strapi/design-system';

/** Every IANA time zone the browser knows, with `current` kept when it is not one of them (the server checks it too). */
export const timeZones = (current: string): string[] => {
  const supported = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  const list = supported ? supported('timeZone') : [];
  return list.includes(current) ? list : [current, ...list];
};

/**
 * A time zone, typed or picked from the list, inside a Field.Root (which gives its label).
 * The design system's Combobox shows its value only through its text, so the text is kept
 * here (the list is rendered only while open); leaving the field puts the chosen zone back.
 */
export const TimeZoneInput = ({ value, onChange, noneFound }: { value: string; onChange: (zone: string) => void; noneFound: string }) => {
  const [text, setText] = useState(value);
  const zones = useMemo(() => timeZones(value), [value]);
  const latest = useRef(value);
  latest.current = value;
  return (
    <Combobox
      value={value}
      textValue={text}
      onTextValueChange={setText}
      onChange={(zone) => {
        if (!zone) return;
        setText(String(zone));
        onChange(String(zone));
      }}
      // Leaving the field shows the chosen zone again; later than a click on an option (which
      // blurs the field first), so that the option clicked wins.
      onBlur={() => window.setTimeout(() => setText(latest.current), 150)}
      autocomplete={{ type: 'list', filter: 'contains' }}
      noOptionsMessage={() => noneFound}
    >
      {zones.map((zone) => (
        <ComboboxOption key={zone} value={zone}>
          {zone}
        </ComboboxOption>
      ))}
    </Combobox>
  );
};
