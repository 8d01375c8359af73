/** The parts of foliate-js 1.0.1 (plain ESM, no types) that renderer/books/foliate.ts uses. */
declare module 'foliate-js/epub.js' {
  export interface FoliateLoader {
    loadText(name: string): string | null | Promise<string | null>;
    loadBlob(name: string, type?: string): Blob | null | Promise<Blob | null>;
    getSize(name: string): number;
  }
  export interface FoliateTocItem {
    /** Empty or null for an entry with no text (a picture). */
    label: string | null;
    href: string;
    subitems?: FoliateTocItem[] | null;
  }
  export interface FoliateManifestItem {
    id: string;
    href: string;
    mediaType: string;
    properties?: string[];
  }
  export interface FoliateBook {
    metadata?: { title?: unknown; language?: unknown };
    toc?: FoliateTocItem[];
    sections: { id: string; linear?: string; cfi?: string; pageSpread?: 'left' | 'right' | 'center' }[];
    rendition?: { layout?: string; flow?: string; viewport?: string };
    /** Where foliate announces each resource it loads ('data'), for it to be changed. */
    transformTarget?: EventTarget;
    resources?: {
      navPath?: string | null;
      opf?: Document;
      manifest?: FoliateManifestItem[];
      spine?: { idref: string; properties?: string[] }[];
      getItemByID?(id: string): FoliateManifestItem | undefined;
    };
    /** The spine's page-progression-direction. */
    dir?: string | null;
    isExternal?(href: string): boolean;
  }
  export class EPUB implements FoliateBook {
    constructor(loader: FoliateLoader);
    sections: FoliateBook['sections'];
    init(): Promise<FoliateBook>;
  }
}

declare module 'foliate-js/overlayer.js' {
  export type Draw = (rects: DOMRectList | DOMRect[], options?: Record<string, unknown>) => SVGElement;
  export class Overlayer {
    static highlight: Draw;
    static outline: Draw;
  }
}

declare module 'foliate-js/view.js' {
  export {};
}

/** Vite gives the URL of an emitted file for `?url` imports (the app's fonts, for book.html). */
declare module '*.woff2?url' {
  const url: string;
  export default url;
}
