/**
 * pdf.js and its viewer's page views, as one module loaded on first use: the browser fetches both
 * parts at once (the viewer's was fetched only after pdf.js had loaded, 0.1–0.3 s later), and
 * runs them in this order, the library made global before the viewer reads it.
 */
import { lib } from './pdfjs-global';
import * as viewer from 'pdfjs-dist/web/pdf_viewer.mjs';

export { lib, viewer };
