/** The renderer's only way to the library: the typed contract over `window.lectern`. */
import { typedApi } from '../main/common/bridge';
import type { ExposedApi } from '../main/common/contract';

declare global {
  interface Window {
    lectern: ExposedApi;
  }
}

export const api = typedApi(window.lectern);
