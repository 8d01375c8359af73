/**
 * A stand-in for Electron's Linux distribution, so electron-builder can package the app offline.
 * electron-builder copies the folder, renames `electron` to the app's executable and flips its
 * fuses; @electron/fuses finds the fuse wire after a sentinel in that file. Everything else in the
 * real distribution (Chromium, resources.pak…) is only copied, so it is left out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { FuseState } from '@electron/fuses/dist/constants';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** The fuses as Electron ships them, before a build flips any: the read-back must show a change. */
const SHIPPED: Record<keyof typeof FuseV1Options, FuseState> = {
  RunAsNode: FuseState.ENABLE,
  EnableCookieEncryption: FuseState.DISABLE,
  EnableNodeOptionsEnvironmentVariable: FuseState.ENABLE,
  EnableNodeCliInspectArguments: FuseState.ENABLE,
  EnableEmbeddedAsarIntegrityValidation: FuseState.DISABLE,
  OnlyLoadAppFromAsar: FuseState.DISABLE,
  LoadBrowserProcessSpecificV8Snapshot: FuseState.DISABLE,
  GrantFileProtocolExtraPrivileges: FuseState.ENABLE,
};

export function shippedFuse(name: keyof typeof FuseV1Options): FuseState {
  return SHIPPED[name];
}

/** Writes the distribution into `dir` and returns it. */
export function writeStandInElectron(dir: string, electronVersion: string): string {
  fs.mkdirSync(dir, { recursive: true });
  // The wire: its version byte, its length, then one state byte per fuse in FuseV1Options order.
  const names = Object.keys(SHIPPED) as (keyof typeof FuseV1Options)[];
  const wire = Buffer.alloc(2 + names.length);
  wire[0] = Number(FuseVersion.V1);
  wire[1] = names.length;
  for (const name of names) wire[2 + FuseV1Options[name]] = SHIPPED[name];
  const binary = Buffer.concat([Buffer.from('#!/bin/sh\necho "stand-in Electron"\n# '), Buffer.from(SENTINEL), wire, Buffer.from('\n')]);
  fs.writeFileSync(path.join(dir, 'electron'), binary, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'Stand-in for the MIT-licensed Electron distribution.\n');
  fs.writeFileSync(path.join(dir, 'version'), electronVersion);
  return dir;
}
