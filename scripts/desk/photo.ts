import path from 'node:path'
import { checkPhotoBytes } from '../../lib/content'

// The one place the desk judges an uploaded photo: the photo pipeline's own check (lib/content),
// so an upload is refused for exactly the reasons a build would refuse the file, in the same words.

/** Why a photo cannot go on the site, in Chinese (naming the file), or undefined when it can. */
export function refusePhoto(name: string, bytes: Buffer): string | undefined {
  const file = path.posix.basename(name)
  const checked = checkPhotoBytes(file, bytes)
  return 'problem' in checked ? `照片「${file}」不能用:${checked.problem}` : undefined
}
