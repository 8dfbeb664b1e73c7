const MOSCOW_DATE_TIME = new Intl.DateTimeFormat('ru-RU', {
  timeZone: 'Europe/Moscow',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Splits an ISO instant into the Moscow date `ДД.ММ.ГГГГ` and time `ЧЧ:ММ` that people read. */
export function toMoscowDateTime(isoInstant: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    MOSCOW_DATE_TIME.formatToParts(new Date(isoInstant)).map((part) => [part.type, part.value]),
  );
  return { date: `${parts.day}.${parts.month}.${parts.year}`, time: `${parts.hour}:${parts.minute}` };
}
