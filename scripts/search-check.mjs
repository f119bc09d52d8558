// Searches a built site's index as its search page does, under Node: the page's own script
// (assets/search.js) plans the Pagefind searches, Pagefind's own pagefind.js runs them over the
// site's files, and the reports every search finds are printed, as JSON.
//
//     node scripts/search-check.mjs SITE '[{"q": "行政复议", "year": "2023"}, …]'
//
// prints [["agencies/<slug>/<year>/", …], …], one list per query. A filter's word is read from the
// search page's options, as the page reads it.
import fs from 'fs';
import path from 'path';
import { createRequire } from 'module';

const [site, queriesJSON] = process.argv.slice(2);
const root = path.resolve(site);
const page = createRequire(import.meta.url)(path.join(root, 'assets', 'search.js'));
const searchPage = fs.readFileSync(path.join(root, 'search', 'index.html'), 'utf8');
const shards = Number(/data-shards="(\d+)"/.exec(searchPage)[1]);
function filterWord(name, value) {
  const select = new RegExp(`<select id="${name}"[^]*?</select>`).exec(searchPage)[0];
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const option = new RegExp(`<option value="${escaped}" data-word="([a-z]+)"`).exec(select);
  if (!option) throw new Error(`the search page has no ${name} option ${value}`);
  return option[1];
}

// Pagefind fetches its files by URL: here, from the site folder.
globalThis.fetch = async (url) => {
  const file = path.join(root, decodeURIComponent(new URL(url, 'http://site/').pathname));
  const bytes = fs.readFileSync(file);
  return { ok: true, status: 200, arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length), json: async () => JSON.parse(bytes.toString()) };
};
const pagefind = await import(path.join(root, 'pagefind', '0', 'pagefind.js'));
await pagefind.options({ basePath: '/pagefind/0/' });
for (let k = 1; k < shards; k++) await pagefind.mergeIndex(`/pagefind/${k}/`);

const out = [];
for (const query of JSON.parse(queriesJSON)) {
  const searches = page.plan(query.q);
  const terms = searches.map((s) => s.term);
  for (const name of ['year', 'region', 'agency']) if (query[name]) terms.push(`"${filterWord(name, query[name])}"`);
  const found = await Promise.all(terms.map((t) => pagefind.search(t)));
  const results = page.agreed(searches, found);
  const data = await Promise.all(results.map((r) => r.data()));
  out.push(data.map((d) => d.url.replace(/^\//, '')).sort());
}
console.log(JSON.stringify(out));
