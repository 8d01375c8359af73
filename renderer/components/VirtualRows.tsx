import { useEffect, useLayoutEffect, useRef, useState } from 'react';

/** Every row is this tall (CSS keeps it so), which lets a list of 10,000 render only what shows. */
export const ROW_HEIGHT = 132;
const OVERSCAN = 4;

/**
 * A listbox that renders only the rows in view (plus a few): the rest is padding. The selected
 * row is scrolled into view when it changes, rendered or not.
 */
export function VirtualRows<T>(props: {
  items: T[];
  label: string;
  selectedIndex: number;
  render: (item: T, index: number) => React.ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(800);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setHeight(el.clientHeight);
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    measure();
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (!el || props.selectedIndex < 0) return;
    const top = props.selectedIndex * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  }, [props.selectedIndex]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(props.items.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  // The scroller keeps the size the layout gives it; the list inside is as tall as all its rows.
  return (
    <div ref={ref} className="rows" onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <ul
        className="rows-inner"
        role="listbox"
        aria-label={props.label}
        style={{ paddingTop: first * ROW_HEIGHT, paddingBottom: (props.items.length - last) * ROW_HEIGHT }}
      >
        {props.items.slice(first, last).map((item, i) => props.render(item, first + i))}
      </ul>
    </div>
  );
}
