// The child's entry. It runs with tsx's CommonJS hooks only (`--require tsx/cjs`): tsx's ESM hooks
// would change what import() of a CommonJS package gives (the default export), and the point is
// to see exactly what Node, and so Electron's main process, gives. A CommonJS entry is what lets
// a .ts file load in a "type": "module" package without those ESM hooks.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('./app-process.ts');
