// Patch a region of the page to new HTML by changing only the nodes that differ.
//
// Replacing innerHTML on every change swaps every node in the region: a click landing between
// mousedown and mouseup on a swapped node is lost, the focused field loses focus, and text typed
// into a modal's inputs goes back to the view's initial values. Patching keeps every node whose
// place and kind are unchanged; only attributes and text that differ are written. Form fields need
// no special care: a browser does not let a changed value/selected/checked attribute overwrite what
// the person typed or picked (the field is "dirty"), which is what Slack's client does too.
//
// Elements with a data-key (a message's ts, a modal's view id, an input's block id) are matched
// by key, so a new message in the middle does not turn every later message into its neighbour.

const ELEMENT = 1;

function keyOf(node) {
  return node.nodeType === ELEMENT ? node.getAttribute("data-key") : null;
}

function sameKind(a, b) {
  return a.nodeType === b.nodeType && a.nodeName === b.nodeName && keyOf(a) === keyOf(b);
}

function morph(from, to) {
  if (from.nodeType !== ELEMENT) {
    if (from.nodeValue !== to.nodeValue) from.nodeValue = to.nodeValue;
    return;
  }
  for (const { name } of [...from.attributes]) {
    if (!to.hasAttribute(name)) from.removeAttribute(name);
  }
  for (const { name, value } of [...to.attributes]) {
    if (from.getAttribute(name) !== value) from.setAttribute(name, value);
  }
  morphChildren(from, to);
}

function morphChildren(parent, source) {
  const old = [...parent.childNodes];
  const keyed = new Map(old.filter((n) => keyOf(n) !== null).map((n) => [keyOf(n), n]));
  const unkeyed = old.filter((n) => keyOf(n) === null);
  const kept = new Set();
  let next = 0;  // unkeyed children are matched in order: the nth unkeyed old with the nth unkeyed new
  const wanted = [...source.childNodes].map((node) => {
    const match = keyOf(node) !== null ? keyed.get(keyOf(node)) : unkeyed[next++];
    if (match && !kept.has(match) && sameKind(match, node)) {
      morph(match, node);
      kept.add(match);
      return match;
    }
    return node;
  });
  old.filter((node) => !kept.has(node)).forEach((node) => node.remove());
  wanted.forEach((node, index) => {
    const here = parent.childNodes[index] || null;
    if (here !== node) parent.insertBefore(node, here);
  });
}

// Make `node`'s children match `html`.
export function patch(node, html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  morphChildren(node, template.content);
}
