// decap-server ships no types for its middleware entry point (checked against decap-server 3.11.3).
declare module 'decap-server/dist/middlewares.js' {
  import type { Express } from 'express'
  const middlewares: {
    /** Registers cors, morgan, express.json and POST /api/v1 (git mode) on `app`; the repository is GIT_REPO_DIRECTORY. */
    registerLocalGit(app: Express, options?: { logLevel?: string }): Promise<void>
  }
  export default middlewares
}
