import path from 'node:path'
import { loadContent } from '../lib/content'
import { CHANGE_KINDS, CORPUS_NOW, corpusArticles, pagesPerChange } from './page-changes'
const site = loadContent(path.join(process.cwd(), 'content')).site
const r = pagesPerChange(site, corpusArticles(site, Number(process.argv[2])), CORPUS_NOW, CHANGE_KINDS.filter(k => new RegExp(process.argv[3]).test(k.name)))
for (const [k, v] of r) console.log(k, v.rendered.join(' '), '|', v.removed.join(' '))
