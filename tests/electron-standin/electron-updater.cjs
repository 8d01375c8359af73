'use strict';
// Shaped like electron-updater's out/main.js: CommonJS, with `autoUpdater` a lazy getter that
// Node's named-export detection does not see when the package is import()ed. Checks are counted.
Object.defineProperty(exports, '__esModule', { value: true });
exports.checks = [];
let _autoUpdater;
function doLoadAutoUpdater() {
  _autoUpdater = {
    checkForUpdatesAndNotify() {
      exports.checks.push(process.platform);
      return Promise.resolve(null);
    },
  };
  return _autoUpdater;
}
Object.defineProperty(exports, 'autoUpdater', {
  enumerable: true,
  get: () => {
    return _autoUpdater || doLoadAutoUpdater();
  },
});
