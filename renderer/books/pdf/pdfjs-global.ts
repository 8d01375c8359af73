/** pdf.js, made `globalThis.pdfjsLib`: its viewer module reads the library from there as it loads (pdfjs.ts imports this first). */
import * as lib from 'pdfjs-dist';

(globalThis as { pdfjsLib?: typeof lib }).pdfjsLib = lib;

export { lib };
