// Boot and the tiny hash router: #/ home, #/search?q=…, #/product/<id>, #/cart, #/privacy.
import { loadConfig, gql, getConfig } from './api.js';
import { state, onChange } from './state.js';
import { h, toast, messageOf, moveFocusOnRender } from './ui.js';
import { showBanner, loadFromAccount } from './consent.js';
import { setupChat } from './chat.js';
import { home } from './pages/home.js';
import { search } from './pages/search.js';
import { product } from './pages/product.js';
import { cart } from './pages/cart.js';
import { privacy } from './pages/privacy.js';

const main = document.getElementById('main');
let firstRoute = true;

let renderId = 0;

async function route() {
  const id = ++renderId;
  const [path, query] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query ?? '');
  const parts = (path || '/').split('/').filter(Boolean);
  closeSuggestions();
  if (parts[0] !== 'search') input.value = ''; // the box shows the query only on its results
  delete main.dataset.ready;
  // Each rendering gets its own view; one that a newer rendering replaced finishes off-screen, harmlessly.
  const view = h('div.view', {});
  main.replaceChildren(view);
  try {
    if (parts.length === 0) await home(view);
    else if (parts[0] === 'search') await search(view, params);
    else if (parts[0] === 'product' && parts[1]) await product(view, decodeURIComponent(parts[1]), params);
    else if (parts[0] === 'cart') await cart(view);
    else if (parts[0] === 'privacy') await privacy(view);
    else view.replaceChildren(h('h1', {}, 'Page not found'), h('a', { href: '#/' }, 'Back to the shop'));
  } catch (error) {
    console.error(error);
    view.replaceChildren(h('h1', {}, 'Sorry'), h('p.problem', { role: 'alert' }, messageOf(error)));
  }
  if (id !== renderId) return; // a newer rendering has started; it marks the page ready
  main.dataset.customer = state.customerId ?? '';
  main.dataset.ready = location.hash || '#/';
  if (!firstRoute) scrollTo(0, 0);
  firstRoute = false;
  moveFocusOnRender(true);
}

// ---- header: account, cart count, departments ----
async function renderAccount() {
  const button = document.getElementById('sign-in');
  if (state.signedIn) {
    let name = state.customer.name;
    if (!name) {
      try { name = (await gql('Me', 'query Me { me { id name } }')).me?.name; } catch { /* keep the id */ }
      if (state.signedIn) { state.customer.name = name; }
    }
    button.textContent = 'Sign out';
    button.setAttribute('aria-label', `Sign out ${name ?? state.customerId}`);
    button.dataset.customerId = state.customerId;
    document.getElementById('greeting')?.remove();
    button.before(h('span.greeting', { id: 'greeting' }, 'Hi, ' + (name?.split(' ')[0] ?? state.customerId)));
  } else {
    document.getElementById('greeting')?.remove();
    button.replaceChildren('Sign in', getConfig()?.demoSignIn ? h('span.demo-tag', {}, ' (demo)') : '');
    button.removeAttribute('aria-label');
    delete button.dataset.customerId;
  }
}

async function signInOrOut() {
  if (state.signedIn) { state.signOut(); sessionStorage.removeItem('hp.conversation'); toast('You are signed out.'); route(); return; }
  const config = getConfig();
  if (!config.demoSignIn) { toast('Sign-in is provided by the shop’s own account system.'); return; }
  // DEMO ONLY: the host issues a token for a demo customer. A real shop signs the shopper in with its own
  // accounts and its backend calls issueCustomerToken; the page then stores that token the same way.
  const response = await fetch(config.demoSignIn, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  if (!response.ok) { toast('Sign-in failed. Please try again.'); return; }
  const signedIn = await response.json();
  state.signIn({ token: signedIn.token, expiresAt: signedIn.expiresAt, customerId: signedIn.customerId });
  sessionStorage.removeItem('hp.conversation');
  await loadFromAccount();
  toast('You are signed in.');
  route();
}

function renderCartCount() {
  const n = state.cartCount();
  document.getElementById('cart-count').textContent = String(n);
  document.getElementById('cart-link').setAttribute('aria-label', `Cart, ${n} ${n === 1 ? 'item' : 'items'}`);
}

async function renderDepartments() {
  try {
    const { products } = await gql('Departments', 'query Departments { products(first: 100) { items { categoryPath } } }');
    const names = [...new Set(products.items.map(p => p.categoryPath[0]).filter(Boolean))].sort();
    document.getElementById('departments').replaceChildren(h('ul', {}, names.map(d =>
      h('li', {}, h('a', { href: `#/search?q=${encodeURIComponent(d)}&category=${encodeURIComponent(d)}` }, d)))));
  } catch { /* the header works without them */ }
}

// ---- search box with autocomplete (ARIA combobox) ----
const input = document.getElementById('search-input');
const list = document.getElementById('suggestions');
let suggestTimer, active = -1, lastPrefix = '';

function closeSuggestions() { list.hidden = true; input.setAttribute('aria-expanded', 'false'); input.removeAttribute('aria-activedescendant'); active = -1; }

function options() { return [...list.querySelectorAll('[role=option]')]; }

function highlight(i) {
  const all = options();
  active = (i + all.length) % all.length;
  all.forEach((o, j) => o.setAttribute('aria-selected', String(j === active)));
  input.setAttribute('aria-activedescendant', all[active].id);
}

async function suggest() {
  const prefix = input.value.trim();
  if (prefix.length < 2) { closeSuggestions(); return; }
  lastPrefix = prefix;
  let data;
  try { data = (await gql('Autocomplete', 'query Autocomplete($prefix: String!) { autocomplete(prefix: $prefix, first: 6) { queries products { id title } } }', { prefix })).autocomplete; }
  catch { closeSuggestions(); return; }
  if (prefix !== lastPrefix || input.value.trim() !== prefix) return;
  const items = [
    ...data.queries.map((q, i) => h('li', { role: 'option', id: 'sug-q' + i, 'aria-selected': 'false', dataset: { go: '#/search?q=' + encodeURIComponent(q) } }, q)),
    ...data.products.map((p, i) => h('li.product', { role: 'option', id: 'sug-p' + i, 'aria-selected': 'false', dataset: { go: '#/product/' + encodeURIComponent(p.id) } }, p.title)),
  ];
  if (items.length === 0) { closeSuggestions(); return; }
  list.replaceChildren(...items);
  list.hidden = false;
  input.setAttribute('aria-expanded', 'true');
  active = -1;
}

function choose(option) { closeSuggestions(); location.hash = option.dataset.go; }

input.addEventListener('input', () => { clearTimeout(suggestTimer); suggestTimer = setTimeout(suggest, 150); });
input.addEventListener('keydown', e => {
  if (list.hidden) return;
  if (e.key === 'ArrowDown') { e.preventDefault(); highlight(active + 1); }
  else if (e.key === 'ArrowUp') { e.preventDefault(); highlight(active - 1); }
  else if (e.key === 'Escape') { e.preventDefault(); closeSuggestions(); } // keep the typed text (Chrome clears a search box on Escape)
  else if (e.key === 'Enter' && active >= 0) { e.preventDefault(); choose(options()[active]); }
});
input.addEventListener('blur', () => setTimeout(closeSuggestions, 150));
list.addEventListener('mousedown', e => { const o = e.target.closest('[role=option]'); if (o) { e.preventDefault(); choose(o); } });
document.getElementById('search-form').addEventListener('submit', e => {
  e.preventDefault();
  clearTimeout(suggestTimer);
  const q = input.value.trim();
  if (q) { closeSuggestions(); location.hash = '#/search?q=' + encodeURIComponent(q); }
});

// ---- boot ----
async function boot() {
  try { await loadConfig(); }
  catch (error) { main.replaceChildren(h('h1', {}, 'The shop is closed'), h('p.problem', {}, error.message)); return; }
  document.getElementById('sign-in').addEventListener('click', () => signInOrOut().catch(() => toast('Sign-in failed.')));
  document.getElementById('open-consent').addEventListener('click', showBanner);
  onChange(what => {
    if (what === 'cart') renderCartCount();
    // An item added from the assistant while the cart page is open must appear in its lines too (the cart's own
    // buttons re-render it themselves, so only changes made from the chat panel trigger this).
    if (what === 'cart' && location.hash.startsWith('#/cart') && document.getElementById('chat-panel').contains(document.activeElement)) route();
    if (what === 'customer') renderAccount();
    // A new consent choice changes what the page may personalize: render it again (the privacy page re-renders itself).
    if (what === 'consent' && !location.hash.startsWith('#/privacy')) route();
  });
  setupChat();
  renderCartCount();
  renderAccount();
  renderDepartments();
  if (!state.consentChosen) showBanner();
  addEventListener('hashchange', route);
  await route();
}

boot();
