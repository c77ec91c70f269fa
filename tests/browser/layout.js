(() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1) {
    problems.push(`the page is ${document.documentElement.scrollWidth}px wide in a ${width}px window`);
  }
  for (const grid of document.querySelectorAll(".cards")) {
    const box = grid.getBoundingClientRect();
    const rows = new Map();
    for (const card of grid.children) {
      const rect = card.getBoundingClientRect();
      const top = Math.round(rect.top);
      rows.set(top, [...(rows.get(top) || []), rect]);
    }
    for (const [top, cards] of rows) {
      const right = Math.max(...cards.map((rect) => rect.right));
      const left = Math.min(...cards.map((rect) => rect.left));
      if (right < box.right - 2 || left > box.left + 2) {
        problems.push(`a row of ${cards.length} card(s) in a grid of ${grid.children.length} leaves ${Math.round(box.right - right)}px empty (${grid.className})`);
      }
    }
  }
  for (const number of document.querySelectorAll(".figure__number")) {
    const range = document.createRange();
    range.selectNodeContents(number);
    const tops = [...range.getClientRects()].map((rect) => Math.round(rect.top));
    const text = number.textContent;
    if (new Set(tops).size > 1) problems.push(`the figure "${text}" breaks`);
    const column = number.closest(".figure").getBoundingClientRect();
    const box = number.getBoundingClientRect();
    if (box.right > column.right + 1 || box.left < column.left - 1) {
      problems.push(`the figure "${text}" overflows its column`);
    }
  }
  const name = document.querySelector(".site-header__name");
  if (name && name.scrollHeight > name.clientHeight + 1) problems.push(`the site's name is cut: "${name.textContent}"`);
  return problems;
})
