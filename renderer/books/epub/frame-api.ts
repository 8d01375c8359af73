/**
 * What book.html (epub/frame.ts) offers the app page that frames it. The book renders in a
 * document of its own because foliate's chapters need a wider policy than the app's (see
 * main/node/security/csp.ts); the app drives it through this object, same-origin.
 */
/**
 * The keys that turn a book's pages, in the book and on the reader around it: the page keys go
 * forward and back, the arrows go to the page on their side (in a right-to-left book the next
 * page is on the left).
 */
export const PAGE_KEYS: Readonly<Record<string, PageTurn>> = { PageDown: 'next', ArrowRight: 'right', PageUp: 'prev', ArrowLeft: 'left' };
export type PageTurn = 'next' | 'prev' | 'left' | 'right';

export interface TocEntry {
  label: string;
  href: string;
  depth: number;
}

/** A place in the book a section's document gives: its spine index, a CFI, and offsets into its canonical text. */
export interface BookRange {
  index: number;
  cfi: string;
  start: number;
  end: number;
}

/** A rectangle in the frame's viewport. */
export interface FrameRect {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface Relocation {
  cfi: string;
  /** 0–1 through the whole book. */
  fraction: number;
  index: number;
  tocLabel: string | null;
}

/** An annotation to draw in a loaded section: found by its CFI, else by its quote in the section's text. */
export interface Placement {
  key: number;
  color: string;
  cfi: string | null;
  exact: string;
  prefix: string;
  suffix: string;
  /** TextPosition relative to the section's text, when the annotation is in it. */
  start: number | null;
  end: number | null;
}

export interface FrameEvents {
  relocate(at: Relocation): void;
  /**
   * A section's document is shown: `id` is its path in the book; `text` its canonical text;
   * `notWellFormed` when it is declared XHTML but is not well-formed XML (it is shown read as HTML).
   */
  load(section: { index: number; id: string; text: string; notWellFormed: boolean }): void;
  /** The reader selected text (or cleared the selection: null). */
  select(selection: (BookRange & { exact: string; prefix: string; suffix: string; rect: FrameRect }) | null): void;
  /** A drawn annotation was clicked. */
  activate(key: number, rect: FrameRect): void;
  externalLink(href: string): void;
  /** A key pressed inside the book, for the app's shortcuts; true when the app used it. */
  key(event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }): boolean;
}

export interface BookStyle {
  fontFamily: string;
  fontSize: number;
  lineHeight: number;
  /** Width of the text column in ch. */
  width: number;
  color: string;
  background: string;
  link: string;
  dark: boolean;
}

export interface EpubFrame {
  open(url: string, events: FrameEvents, lastLocation: string | null): Promise<{ toc: TocEntry[]; sectionIds: string[]; fixedLayout: boolean }>;
  setStyle(style: BookStyle): void;
  goTo(target: string | number): Promise<void>;
  /** Shows a range of a section's canonical text (a search match, a find match). */
  showText(index: number, start: number, end: number): Promise<void>;
  next(): Promise<void>;
  prev(): Promise<void>;
  left(): Promise<void>;
  right(): Promise<void>;
  /** Draws the annotations of one section; returns the CFI each was found at (null: not found). */
  place(index: number, placements: Placement[]): Promise<{ key: number; cfi: string | null }[]>;
  clearPlaced(index: number): void;
  /** Clears the reader's selection (once it is highlighted). */
  unselect(): void;
  /** Outlines ranges of a section's text (search words, find matches), in place of its marks before. */
  mark(index: number, ranges: [number, number][]): void;
  /** Where the reader is, as last reported. */
  current(): Relocation | null;
  /** The highlights drawn now: each one's key and the words under it (what a reader sees; the specs check it). */
  drawn(): { key: number; text: string }[];
}

export type BookWindow = Window & { lecternBook?: EpubFrame };
