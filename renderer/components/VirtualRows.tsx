import { useEffect, useLayoutEffect, useRef, useState } from 'react';

/**
 * Every row is as tall as CSS's --row-height, which lets a list of 10,000 render only what
 * shows. It is set in rem, so it grows with the user's font size; read here in pixels.
 */
function rowHeight(): number {
  const probe = document.createElement('div');
  probe.style.height = 'var(--row-height)';
  document.body.append(probe);
  const px = probe.getBoundingClientRect().height;
  probe.remove();
  return px || 132;
}
const OVERSCAN = 4;

/**
 * A listbox that renders only the rows in view (plus a few): the rest is padding. The selected
 * row is scrolled into view when it changes, rendered or not. `onSettled` is told the rows in
 * view when they are first shown (once the page is idle) and each time scrolling stops.
 */
export function VirtualRows<T>(props: {
  items: T[];
  label: string;
  selectedIndex: number;
  render: (item: T, index: number) => React.ReactNode;
  onSettled?: (inView: T[]) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(800);
  const [row] = useState(rowHeight);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setHeight(el.clientHeight);
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    measure();
    return () => observer.disconnect();
  }, []);

  // Where the list is, as its scroll events and the observer last said: reading it from the
  // element would lay out the page (and the article just opened) before its frame does.
  const shown = useRef({ scrollTop, height });
  useLayoutEffect(() => {
    shown.current = { scrollTop, height };
  });
  const { selectedIndex } = props;
  useEffect(() => {
    const el = ref.current;
    if (!el || selectedIndex < 0) return;
    const top = selectedIndex * row;
    const { scrollTop: at, height: tall } = shown.current;
    if (top < at) el.scrollTop = top;
    else if (top + row > at + tall) el.scrollTop = top + row - tall;
  }, [selectedIndex, row]);

  const { items, onSettled } = props;
  useEffect(() => {
    const el = ref.current;
    if (!el || !onSettled) return;
    const settled = () => onSettled(items.slice(Math.floor(el.scrollTop / row), Math.ceil((el.scrollTop + el.clientHeight) / row)));
    const idle = requestIdleCallback(settled, { timeout: 1000 });
    el.addEventListener('scrollend', settled);
    return () => {
      cancelIdleCallback(idle);
      el.removeEventListener('scrollend', settled);
    };
  }, [items, row, onSettled]);

  const first = Math.max(0, Math.floor(scrollTop / row) - OVERSCAN);
  const last = Math.min(props.items.length, Math.ceil((scrollTop + height) / row) + OVERSCAN);
  // The scroller keeps the size the layout gives it; the list inside is as tall as all its rows.
  return (
    <div ref={ref} className="rows" onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <ul
        className="rows-inner"
        role="listbox"
        aria-label={props.label}
        aria-multiselectable="true"
        style={{ paddingTop: first * row, paddingBottom: (props.items.length - last) * row }}
      >
        {props.items.slice(first, last).map((item, i) => props.render(item, first + i))}
      </ul>
    </div>
  );
}
