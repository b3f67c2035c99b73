// /search/: runs the query from ?q= against the Pagefind index built with the site (no server).
// Results are built with DOM methods; only Pagefind's excerpt, which it escapes and marks, is HTML.
const form = document.querySelector('[data-search-page] form')
const status = document.querySelector('[data-search-status]')
const results = document.querySelector('[data-search-results]')
const query = new URLSearchParams(location.search).get('q')?.trim() ?? ''

function element(tag, props = {}, children = []) {
  const node = Object.assign(document.createElement(tag), props)
  node.append(...children)
  return node
}

async function run() {
  if (!query) {
    status.textContent = '请输入要搜索的词语,例如:乡村振兴。'
    return
  }
  document.title = `搜索:${query} - ${document.title.split(' - ').pop()}`
  status.textContent = '正在搜索…'
  let pagefind
  try {
    pagefind = await import('/pagefind/pagefind.js')
  } catch {
    status.textContent = '搜索索引尚未生成(在 npm run build 之后才有),请先浏览栏目。'
    return
  }
  await pagefind.options({ excerptLength: 36 })
  // A site without articles has an index without pages, which Pagefind refuses to open: nothing matches.
  const search = await pagefind.search(query).catch((error) => {
    console.error(error)
    return { results: [] }
  })
  const found = await Promise.all(search.results.slice(0, 30).map((r) => r.data()))
  status.textContent = found.length ? `找到 ${search.results.length} 篇与“${query}”相关的文章` : `没有找到与“${query}”相关的文章,请换个词试试。`
  results.replaceChildren(
    ...found.map((hit) => {
      const excerpt = element('p', { className: 'excerpt' })
      excerpt.innerHTML = hit.excerpt
      return element('li', {}, [
        element('a', { href: hit.url, textContent: hit.meta.title }),
        element('p', { className: 'meta' }, [
          element('time', { dateTime: hit.meta.date ?? '', textContent: hit.meta.date ?? '' }),
          hit.meta.channel ? ` ${hit.meta.channel}` : '',
        ]),
        excerpt,
      ])
    }),
  )
}

if (form && query) form.querySelector('input[name="q"]').value = query
run()
