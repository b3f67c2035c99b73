// Types for postbuild.mjs, imported by tests/unit/postbuild.test.ts (tsc does not read .mjs files).

/** Source files under `base` (in app/, components/, lib/) that declare 'use client', relative to `base`. */
export function findClientComponents(base?: string, dirs?: string[]): string[]
/** Why the build stops when `files` declare 'use client': the message postbuild prints. */
export function clientComponentError(files: string[]): string
/** Removes Next's runtime from one exported page, keeping our own scripts and JSON-LD. */
export function stripFramework(html: string): string
