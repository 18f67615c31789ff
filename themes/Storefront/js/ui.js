// Small DOM helpers, prices, product pictures, cards, rails and the cart's operations.
import { state } from './state.js';
import { track } from './tracking.js';

/** Builds an element: h('a.card', { href }, child, 'text'). Text is always set as text, never as HTML. */
export function h(tag, attrs = {}, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name);
  if (classes.length) el.className = classes.join(' ');
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

const formats = new Map();
/** "€24.99" in the shopper's locale. */
export function money(amount, currency = 'EUR') {
  if (!formats.has(currency)) formats.set(currency, new Intl.NumberFormat(navigator.language || 'en', { style: 'currency', currency }));
  return formats.get(currency).format(Number(amount));
}

const ICONS = {
  home: '<path d="M4 11 12 4l8 7v9h-5v-6H9v6H4z"/>',
  fashion: '<path d="M8 4 4 7l2 4 2-1v10h8V10l2 1 2-4-4-3c-1 2-2 3-4 3S9 6 8 4z"/>',
  electronics: '<path d="M4 6h16v10H4zM2 18h20"/>',
  sports: '<circle cx="12" cy="12" r="8"/><path d="M4 12h16M12 4c3 3 3 13 0 16M12 4c-3 3-3 13 0 16"/>',
  toys: '<path d="M5 10h14v10H5zM8 10V7a4 4 0 0 1 8 0v3"/>',
  beauty: '<path d="M12 3c3 5 6 8 6 11a6 6 0 0 1-12 0c0-3 3-6 6-11z"/>',
  garden: '<path d="M12 21V11M12 11C12 6 16 4 20 4c0 4-3 7-8 7zM12 14c0-4-3-6-7-6 0 4 3 6 7 6z"/>',
};

/** The product's picture, or a calm placeholder in its department's colour with its icon. */
export function picture(product, size = 'card') {
  const department = (product.categoryPath?.[0] ?? product.category?.split('>')[0] ?? 'home').trim().toLowerCase();
  if (product.imageUrl) return h('img.pic', { src: product.imageUrl, alt: '', loading: 'lazy', width: 320, height: 320 });
  const ph = h('div.pic.ph.dept-' + (ICONS[department] ? department : 'home') + (size === 'large' ? '.large' : ''), { 'aria-hidden': 'true' });
  ph.innerHTML = `<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linejoin="round" stroke-linecap="round">${ICONS[department] ?? ICONS.home}</svg>`;
  return ph;
}

/** Remembers where a product link came from, so the product page's events carry the list's id. */
export function productHref(id, from) { return '#/product/' + encodeURIComponent(id) + (from ? '?from=' + encodeURIComponent(from) : ''); }

/** A product tile: picture, brand, title, price; `note` is the reason it is shown. */
export function card(product, { from, note, position } = {}) {
  const link = h('a.card-link', {
    href: productHref(product.id, from),
    onclick: () => { if (from) track('CLICK', { productId: product.id, recommendationId: from, price: product.price }); },
  }, h('span.card-title', {}, product.title));
  return h('article.card', { dataset: { productId: product.id, position } },
    picture(product),
    h('div.card-body', {},
      product.brand ? h('p.maker', {}, product.brand) : null,
      link,
      h('p.price', {}, money(product.price, product.currency)),
      note ? h('p.reason', {}, note) : null,
      product.inStock === false ? h('p.stock.out', {}, 'Out of stock') : null));
}

/**
 * A recommendation rail: heading, the list's strategy (kept on the element for developers and tests), and each
 * item with the reason the recommender gave.
 */
export function rail(title, list, { id, explain } = {}) {
  const headingId = (id ?? 'rail') + '-title';
  const section = h('section.rail', { 'aria-labelledby': headingId, dataset: { placement: list?.placement ?? '', strategy: list?.strategy ?? '', recommendationId: list?.recommendationId ?? '' } });
  section.append(h('div.rail-head', {}, h('h2', { id: headingId }, title), explain ? h('p.rail-explain', {}, explain) : null));
  if (!list || list.items.length === 0) {
    section.append(h('p.muted', {}, 'Nothing to show here yet.'));
    return section;
  }
  section.append(h('div.rail-items', {}, list.items.map((item, i) => card(item.product, { from: list.recommendationId, note: item.reason, position: i + 1 }))));
  return section;
}

/** A rail that could not load: says so instead of leaving a hole. */
export function railError(title, error) {
  return h('section.rail', {}, h('div.rail-head', {}, h('h2', {}, title)), h('p.problem', {}, messageOf(error)));
}

/** A message for a shopper from an error (codes the API documents). */
export function messageOf(error) {
  switch (error?.code) {
    case 'MODULE_DISABLED': return 'This part of the shop is switched off right now.';
    case 'UNAUTHENTICATED': return 'Your sign-in has expired. Please sign in again.';
    case 'FORBIDDEN': return 'That belongs to another account.';
    case 'NOT_FOUND': return 'We could not find that.';
    case 'BAD_USER_INPUT': return error.message;
    default: return 'Something went wrong on our side. Please try again.';
  }
}

let toastTimer;
/** A short, polite status message. */
export function toast(text) {
  const el = document.getElementById('toast');
  el.textContent = text;
  el.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('show'), 2500);
}

/** Adds a product to the cart and tracks it (with the list, search or chat it came from). */
export function addToCart(product, { quantity = 1, from } = {}) {
  const line = state.cart.find(l => l.productId === product.id);
  if (line) line.quantity += quantity;
  else state.cart.push({ productId: product.id, title: product.title, price: Number(product.price), currency: product.currency ?? 'EUR',
    category: product.category, categoryPath: product.categoryPath, brand: product.brand, quantity, from: from ?? null });
  state.saveCart();
  track('ADD_TO_CART', { productId: product.id, quantity, price: Number(product.price), recommendationId: from });
  toast(`Added “${product.title}” to your cart.`);
}

/** Changes a cart line's quantity (0 removes it) and tracks the change. */
export function setQuantity(productId, quantity) {
  const line = state.cart.find(l => l.productId === productId);
  if (!line) return;
  const delta = quantity - line.quantity;
  if (delta > 0) track('ADD_TO_CART', { productId, quantity: delta, price: line.price, recommendationId: line.from });
  if (delta < 0) track('REMOVE_FROM_CART', { productId, quantity: -delta, price: line.price });
  if (quantity <= 0) state.cart = state.cart.filter(l => l.productId !== productId);
  else line.quantity = quantity;
  state.saveCart();
}

let moveFocus = false;
/** After the first page, each new page moves focus to its heading (on the first one focus starts at the top). */
export function moveFocusOnRender(on) { moveFocus = on; }

/** Shows a page: title for the tab, and focus moved to the heading for screen readers. */
export function show(main, title, ...content) {
  main.replaceChildren(...content);
  if (!main.isConnected) return; // replaced by a newer page
  document.title = title + ' — Harbor & Pine';
  const heading = main.querySelector('h1');
  if (heading && moveFocus) { heading.setAttribute('tabindex', '-1'); heading.focus({ preventScroll: true }); }
}

export function loading(text = 'Loading…') { return h('p.loading', { role: 'status' }, text); }
