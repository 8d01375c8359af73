/**
 * Two date fields for a filter: "from" is the start of its day, "until" the end of its day
 * (sent as the next day's start, exclusive), both as ISO instants in the user's time zone.
 */
const day = (iso?: string) => (iso ? iso.slice(0, 10) : '');
const toIso = (value: string, endOfDay: boolean) => {
  if (!value) return undefined;
  const d = new Date(`${value}T00:00:00`);
  if (endOfDay) d.setDate(d.getDate() + 1);
  return d.toISOString();
};

export function DateRange(props: { label: string; from?: string; to?: string; onChange: (from: string | undefined, to: string | undefined) => void }) {
  return (
    <div className="dates">
      <span>{props.label}</span>
      <input type="date" aria-label={`${props.label} from`} value={day(props.from)} onChange={(e) => props.onChange(toIso(e.target.value, false), props.to)} />
      <span>to</span>
      <input
        type="date"
        aria-label={`${props.label} until`}
        value={props.to ? day(new Date(new Date(props.to).getTime() - 86_400_000).toISOString()) : ''}
        onChange={(e) => props.onChange(props.from, toIso(e.target.value, true))}
      />
    </div>
  );
}
