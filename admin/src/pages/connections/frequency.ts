import { useCallback } from 'react';
import { useT } from '../../utils/translate';

/** The frequencies offered in the select boxes, in minutes (the server takes 5 to 43,200). */
export const FREQUENCY_CHOICES = [30, 60, 120, 240, 360, 720, 1440, 2880, 10080] as const;

/** The choices, with the current value kept when it is another one. */
export const frequencyOptions = (current: number | null | undefined): number[] =>
  current && !(FREQUENCY_CHOICES as readonly number[]).includes(current)
    ? [...FREQUENCY_CHOICES, current].sort((a, b) => a - b)
    : [...FREQUENCY_CHOICES];

/** A frequency in words: "every 12 hours", "every day", "every 45 minutes". */
export function useFrequencyWords() {
  const t = useT();
  return useCallback(
    (minutes: number): string => {
      if (minutes % 1440 === 0) return t('connections.frequency.days', { count: minutes / 1440 });
      if (minutes % 60 === 0) return t('connections.frequency.hours', { count: minutes / 60 });
      return t('connections.frequency.minutes', { count: minutes });
    },
    [t],
  );
}
