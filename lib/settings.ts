import path from 'node:path'

/**
 * Everything the site's code takes from its environment, read in one place. Scripts build their
 * own Settings from their arguments; Next's pages and route handlers, which take no arguments,
 * read the environment here once per process.
 */
export interface Settings {
  /** The content folder (`CONTENT_DIR`, default `content/`). */
  contentDir: string
  /** Where `/images/…` in Markdown lives (`PUBLIC_DIR`, default `public/`). */
  publicDir: string
  /** Overrides site.md's url (`SITE_URL`), e.g. for a staging host. */
  siteUrl?: string
  /** Show drafts and scheduled articles: development and preview builds (`CONTENT_PREVIEW=1`). */
  includeUnpublished: boolean
  /** The content store the build's check wrote (`CONTENT_STORE`); pages read it instead of the folder. */
  storeFile?: string
  /**
   * The moment that decides what is published (`BUILD_NOW`, ISO 8601). Unset: the clock at each
   * read. The build fixes it so that every process of one build agrees.
   */
  now?: Date
}

/** Settings from an environment (process.env by default). */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): Settings {
  const now = env.BUILD_NOW ? new Date(env.BUILD_NOW) : undefined
  return {
    contentDir: path.resolve(/* turbopackIgnore: true */ env.CONTENT_DIR || 'content'),
    publicDir: path.resolve(/* turbopackIgnore: true */ env.PUBLIC_DIR || 'public'),
    siteUrl: env.SITE_URL || undefined,
    includeUnpublished: env.NODE_ENV === 'development' || env.CONTENT_PREVIEW === '1',
    storeFile: env.CONTENT_STORE ? path.resolve(/* turbopackIgnore: true */ env.CONTENT_STORE) : undefined,
    now: now && !Number.isNaN(now.getTime()) ? now : undefined,
  }
}
