/** The app's version, from package.json (bundled into main at build time). */
import pkg from '../../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;
