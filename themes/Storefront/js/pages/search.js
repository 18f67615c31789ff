import { gql, PRODUCT } from '../api.js';
import { h, card, show, loading, messageOf, money } from '../ui.js';
import { track } from '../tracking.js';
import { shopper } from '../personal.js';

const SEARCH = `query Search($query: String!, $filters: SearchFilters, $sort: SearchSort, $customerId: ID, $sessionId: String) {
  search(query: $query, first: 24, filters: $filters, sort: $sort, customerId: $customerId, sessionId: $sessionId) {
    items { product { ${PRODUCT} } }
    totalCount correctedQuery zeroResults fallback droppedWords fallbackCategory searchId personalized
    facets { categories { name path count } brands { value count } prices { from to count } }
  } }`;

const SORTS = [['RELEVANCE', 'Best match'], ['PRICE_ASCENDING', 'Price: low to high'], ['PRICE_DESCENDING', 'Price: high to low'], ['POPULARITY', 'Most popular'], ['NEWEST', 'Newest']];

/** #/search?q=…&category=…&brand=…&min=…&max=…&sort=… */
export async function search(main, params) {
  const q = (params.get('q') ?? '').trim();
  document.getElementById('search-input').value = q;
  if (!q) { show(main, 'Search', h('h1', {}, 'Search'), h('p', {}, 'Type what you are looking for above, or search with a photo.'), photoSearch()); return; }
  show(main, 'Search', h('h1', {}, `Results for “${q}”`), loading('Searching…'));

  const filters = {};
  if (params.get('category')) filters.category = params.get('category');
  if (params.get('brand')) filters.brands = [params.get('brand')];
  if (params.get('min')) filters.minPrice = Number(params.get('min'));
  if (params.get('max')) filters.maxPrice = Number(params.get('max'));
  const sort = params.get('sort') ?? 'RELEVANCE';

  let result;
  try {
    result = (await gql('Search', SEARCH, { query: q, filters: Object.keys(filters).length ? filters : null, sort, ...shopper() })).search;
  } catch (error) {
    show(main, 'Search', h('h1', {}, `Results for “${q}”`), h('p.problem', { role: 'alert' }, messageOf(error)));
    return;
  }
  track('SEARCH', { query: q, recommendationId: result.searchId });

  const shown = result.correctedQuery ?? q;
  const notes = [];
  if (result.correctedQuery) notes.push(h('p.notice.corrected', {}, 'Showing results for ', h('strong', {}, result.correctedQuery), `. You searched for “${q}”.`));
  if (result.zeroResults) notes.push(h('p.notice.zero', {}, `We found nothing for “${q}”. `,
    result.fallbackCategory ? ['Here are popular picks from ', h('strong', {}, lastPart(result.fallbackCategory)), ' instead.'] : 'Here are some of our most popular products instead.'));
  else if (result.droppedWords.length) notes.push(h('p.notice', {}, 'No product matched every word, so we left out ', h('strong', {}, result.droppedWords.join(', ')), '.'));
  else if (result.fallback.includes('SEMANTIC_ONLY')) notes.push(h('p.notice', {}, 'No exact matches; these are the closest related products.'));
  if (result.fallback.includes('FILTERS_RELAXED')) notes.push(h('p.notice', {}, 'Nothing matched your filters, so we widened them.'));

  const facets = facetPanel(result.facets, params);
  const grid = h('div.grid', { id: 'results', dataset: { searchId: result.searchId } },
    result.items.map((item, i) => card(item.product, { from: result.searchId, position: i + 1 })));
  const sorter = h('label.sort', {}, 'Sort by ',
    h('select', { onchange: e => go(params, { sort: e.target.value }) }, SORTS.map(([v, label]) => h('option', { value: v, selected: v === sort }, label))));

  show(main, 'Search: ' + shown,
    h('div.results-head', {},
      h('h1', {}, `Results for “${shown}”`),
      h('p.muted', { id: 'result-count' }, `${result.totalCount} ${result.totalCount === 1 ? 'product' : 'products'}`),
      sorter),
    ...notes,
    h('div.search-layout', {}, facets, h('div', {}, grid, photoSearch())));
}

function lastPart(path) { return path.split('>').pop().trim(); }

function go(params, changes) {
  const next = new URLSearchParams(params);
  for (const [k, v] of Object.entries(changes)) v == null ? next.delete(k) : next.set(k, v);
  location.hash = '#/search?' + next.toString();
}

function facetPanel(facets, params) {
  if (!facets) return h('aside.facets', { 'aria-label': 'Filters' });
  const active = ['category', 'brand', 'min'].filter(k => params.get(k));
  const group = (title, items) => items.length ? h('fieldset.facet', {}, h('legend', {}, title), h('ul', {}, items)) : null;
  const link = (label, count, changes, selected) =>
    h('li', {}, h('a', { href: '#', 'aria-current': selected ? 'true' : null, onclick: e => { e.preventDefault(); go(params, changes); } },
      label, h('span.count', {}, String(count))));
  // Open beside the results on wide screens; folded above them on phones, so results come first.
  return h('aside.facets', { 'aria-label': 'Filters' }, h('details', { open: matchMedia('(min-width: 761px)').matches }, h('summary', {}, h('h2', {}, 'Filter')),
    active.length ? h('button.link-button', { type: 'button', onclick: () => go(params, { category: null, brand: null, min: null, max: null }) }, 'Clear filters') : null,
    group('Category', facets.categories.slice(0, 8).map(c => link(lastPart(c.name), c.count, { category: c.path }, params.get('category') === c.path))),
    group('Brand', facets.brands.slice(0, 8).map(b => link(b.value, b.count, { brand: b.value }, params.get('brand') === b.value))),
    group('Price', facets.prices.filter(p => p.count > 0).map(p => link(
      p.from == null ? `Under ${money(p.to)}` : p.to == null ? `${money(p.from)} and up` : `${money(p.from)} – ${money(p.to)}`,
      p.count, { min: p.from ?? null, max: p.to ?? null }, params.get('min') === String(p.from ?? ''))))));
}

/** Search by photo: the picture is shrunk in the browser (under the API's 2 MB) and sent to visualSearch. */
function photoSearch() {
  const out = h('div.visual-results', { 'aria-live': 'polite' });
  const input = h('input', { type: 'file', id: 'photo-input', accept: 'image/*', onchange: async e => {
    const file = e.target.files?.[0];
    if (!file) return;
    out.replaceChildren(loading('Looking for products like your photo…'));
    try {
      const image = await shrink(file);
      const { visualSearch } = await gql('VisualSearch', `query VisualSearch($image: String) {
        visualSearch(image: $image, first: 12) { items { similarity product { ${PRODUCT} } } indexedImages pendingImages note } }`, { image });
      out.replaceChildren(
        h('h3', {}, 'Products that look like your photo'),
        visualSearch.note ? h('p.notice', {}, visualSearch.note) : null,
        visualSearch.items.length
          ? h('div.grid', {}, visualSearch.items.map(i => card(i.product, { note: Math.round(i.similarity * 100) + '% similar' })))
          : h('p.muted', {}, 'No product pictures to compare with yet.'));
    } catch (error) {
      out.replaceChildren(h('p.problem', { role: 'alert' }, messageOf(error)));
    }
  } });
  return h('section.photo-search', { 'aria-labelledby': 'photo-title' },
    h('h2', { id: 'photo-title' }, 'Search with a photo'),
    h('label.file', { for: 'photo-input' }, 'Choose a photo', input),
    h('p.muted', {}, 'The photo is used for this search only.'),
    out);
}

async function shrink(file) {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, 640 / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/jpeg', 0.85);
}
