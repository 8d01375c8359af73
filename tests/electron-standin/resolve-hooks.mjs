// A module hook for import(): bare specifiers named in `data` resolve to the stand-ins.
// (require() is redirected in app-process.ts; import() comes through here instead.)
let standins = {};

export function initialize(data) {
  standins = data;
}

export function resolve(specifier, context, next) {
  const url = standins[specifier];
  return url ? { url, shortCircuit: true } : next(specifier, context);
}
