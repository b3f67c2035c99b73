// Types for nginx.mjs, which the TypeScript tests import (tsc does not read .mjs files).

export interface RunningNginx {
  url: string
  dir: string
  errorLog(): string
  stop(): Promise<void>
}

export function hasNginx(): boolean
export function startNginx(options: {
  site: string
  port: number
  tls?: { port: number; cert: string; key: string }
}): Promise<RunningNginx>
export function checkConfig(config: string): { ok: boolean; output: string }
