export const root: string;
export function electronBinary(): { binary?: string; reason?: string };
export function ensureElectronSqlite(): string;
export function npxCommand(platform?: NodeJS.Platform): { command: string; shell: boolean };
