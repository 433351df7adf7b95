() => {
  // The layout guard's checks (tests/e2e/test_layout_browser.py): a list of problems.
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1)
    problems.push(`the page scrolls sideways (${root.scrollWidth} px for ${root.clientWidth})`);
  const label = (el) => (el.querySelector('caption, h2, h3, th')?.textContent || el.textContent)
    .trim().replace(/\s+/g, ' ').slice(0, 50);
  for (const table of document.querySelectorAll('table')) {
    if (!table.getClientRects().length) continue;
    let box = table;  // the older DSFR markup makes the table itself the scroller
    while (box && box !== document.body && getComputedStyle(box).overflowX === 'visible')
      box = box.parentElement;
    const scrolls = box && box !== document.body
      && ['auto', 'scroll'].includes(getComputedStyle(box).overflowX);
    if (scrolls) {
      const outer = box.getBoundingClientRect(), page = root.clientWidth;
      if (outer.right > page + 1) problems.push(`table "${label(table)}": its container is wider than the page`);
      continue;
    }
    const limit = box && box !== document.body ? box.getBoundingClientRect() : { right: root.clientWidth };
    const right = Math.max(table.getBoundingClientRect().right, table.getBoundingClientRect().left + table.scrollWidth);
    if (right > limit.right + 1)
      problems.push(`table "${label(table)}" is cut: wider than its column, with no scroll of its own`);
  }
  const h1 = document.querySelectorAll('h1').length;
  if (h1 !== 1) problems.push(`${h1} h1 elements`);
  const title = document.querySelector('title')?.innerHTML ?? '';
  if (/<\/?[a-z!]/i.test(title) || /&lt;/.test(title)) problems.push(`markup in the title: ${title.slice(0, 80)}`);
  for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    if (!h.closest('main, header, footer, dialog, .fr-modal'))
      problems.push(`heading "${h.textContent.trim().slice(0, 50)}" outside main`);
  }
  const main = document.querySelector('main');
  if (!main) { problems.push('no main landmark'); return problems; }
  const seen = new Map();
  // Blocks with a structure (two offers may share a one-paragraph summary).
  const blocks = main.querySelectorAll('ul, ol, dl, table, section, form, .fr-callout');
  for (const el of blocks) {
    if (!el.getClientRects().length) continue;
    const text = el.innerText.trim().replace(/\s+/g, ' ');
    if (text.length < 60) continue;
    const twins = seen.get(text) || [];
    if (twins.some((other) => !other.contains(el) && !el.contains(other)))
      problems.push(`shown twice: "${text.slice(0, 60)}…"`);
    twins.push(el);
    seen.set(text, twins);
  }
  return [...new Set(problems)];
}
