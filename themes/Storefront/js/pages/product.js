import { gql, PRODUCT } from '../api.js';
import { h, rail, railError, show, loading, money, picture, addToCart, messageOf } from '../ui.js';
import { track } from '../tracking.js';
import { shopper, personalNote } from '../personal.js';

const RAIL = `recommendationId placement strategy sourceProduct { id title } items { reason product { ${PRODUCT} } }`;

/** #/product/<id>?from=<recommendationId or searchId> */
export async function product(main, id, params) {
  const from = params.get('from') || undefined;
  show(main, 'Product', loading());
  let data;
  try {
    data = await gql('ProductPage', `query ProductPage($id: ID!) {
      product(id: $id) { ${PRODUCT} description attributes { name value } }
      price(productId: $id) { amount currency referencePrice changedAt } }`, { id });
  } catch (error) {
    // Pricing may be switched off: the catalog price is still right.
    if (error.code === 'MODULE_DISABLED') data = await gql('ProductOnly', `query ProductOnly($id: ID!) { product(id: $id) { ${PRODUCT} description attributes { name value } } }`, { id }).catch(() => null);
    if (!data) { show(main, 'Product', h('h1', {}, 'Product'), h('p.problem', { role: 'alert' }, messageOf(error))); return; }
  }
  const p = data.product;
  if (!p) { show(main, 'Not found', h('h1', {}, 'We could not find that product'), h('a', { href: '#/' }, 'Back to the shop')); return; }
  const price = data.price ?? { amount: p.price, currency: p.currency, referencePrice: p.price };
  track('VIEW', { productId: p.id, price: Number(price.amount), recommendationId: from });

  const amount = Number(price.amount), reference = Number(price.referencePrice);
  const saving = reference > amount * 1.005 ? Math.round((1 - amount / reference) * 100) : 0;
  const shown = { ...p, price: amount, currency: price.currency };
  const attributes = p.attributes.filter(a => !['cost', 'margin', 'launched', 'status'].includes(a.name));

  const buy = h('button.button.primary', { type: 'button', id: 'add-to-cart', disabled: !p.inStock, onclick: () => addToCart(shown, { from }) },
    p.inStock ? 'Add to cart' : 'Out of stock');
  const detail = h('section.product', { 'aria-labelledby': 'product-title', dataset: { productId: p.id } },
    picture(p, 'large'),
    h('div.product-info', {},
      h('nav.crumbs', { 'aria-label': 'Breadcrumb' }, h('ol', {}, p.categoryPath.map(c => h('li', {}, h('a', { href: '#/search?q=' + encodeURIComponent(c) }, c))))),
      p.brand ? h('p.maker', {}, p.brand) : null,
      h('h1', { id: 'product-title' }, p.title),
      h('div.price-block', {},
        h('p.price.big', { id: 'price' }, money(amount, price.currency)),
        saving
          ? h('p.reference', { id: 'reference-price' }, 'Typical price ', h('s', {}, money(reference, price.currency)), ` · you save ${saving}%`)
          : h('p.reference', { id: 'reference-price' }, 'Typical price over the last 30 days: ' + money(reference, price.currency))),
      h('p.stock', {}, p.inStock ? (p.stock < 10 ? `Only ${p.stock} left` : 'In stock') : 'Out of stock'),
      buy,
      p.description ? h('p.description', {}, p.description) : null,
      attributes.length ? h('dl.attributes', {}, attributes.flatMap(a => [h('dt', {}, a.name), h('dd', {}, a.value)])) : null));
  show(main, p.title, detail, h('div.rails', { 'aria-busy': 'true' }, loading('Finding more for you…')));

  const who = shopper();
  const placements = [
    ['FREQUENTLY_BOUGHT_TOGETHER', 'Frequently bought together', 'fbt', 'Customers often buy these in the same order.'],
    ['SIMILAR', 'Similar products', 'similar', null],
    ['BECAUSE_YOU_VIEWED', 'Because you viewed', 'byv', personalNote()],
  ];
  const lists = await Promise.allSettled(placements.map(([placement]) =>
    gql('ProductRail', `query ProductRail($placement: Placement!, $productId: ID, $customerId: ID, $sessionId: String) {
      recommendations(placement: $placement, productId: $productId, customerId: $customerId, sessionId: $sessionId, first: 6) { ${RAIL} } }`,
      { placement, productId: p.id, ...who })));
  const rails = main.querySelector('.rails');
  if (!rails) return; // the shopper moved on
  rails.removeAttribute('aria-busy');
  rails.replaceChildren(...placements.map(([, title, railId, explain], i) => {
    const r = lists[i];
    if (r.status !== 'fulfilled') return railError(title, r.reason);
    const list = r.value.recommendations;
    const heading = railId === 'byv' && list.sourceProduct ? `Because you viewed ${list.sourceProduct.title}` : title;
    const section = rail(heading, list, { id: railId, explain });
    // Bought-together items can go straight into the cart.
    if (railId === 'fbt') for (const tile of section.querySelectorAll('.card')) {
      const item = list.items.find(x => x.product.id === tile.dataset.productId);
      tile.querySelector('.card-body').append(h('button.button.small', { type: 'button', 'aria-label': `Add ${item.product.title} to cart`,
        onclick: () => addToCart(item.product, { from: list.recommendationId }) }, 'Add to cart'));
    }
    return section;
  }));
}
