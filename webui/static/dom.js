/* Small DOM and API helpers. Every piece of data becomes a text node. */

/* el("a", {href: url, className: "x"}, "text", childNode, ...) */
export function el(tag, attrs) {
  var node = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (key) {
    var value = attrs[key];
    if (value === null || value === undefined || value === false) { return; }
    if (key === "className") { node.className = value; }
    else if (key === "dataset") { Object.assign(node.dataset, value); }
    else { node.setAttribute(key, value === true ? "" : String(value)); }
  });
  for (var i = 2; i < arguments.length; i++) { append(node, arguments[i]); }
  return node;
}

export function append(node, child) {
  if (child === null || child === undefined || child === false) { return; }
  if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
  node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
}

export function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

/* A path segment for an id that may hold ':' and '/'. */
export function idPath(id) {
  return encodeURIComponent(id).replace(/%2F/gi, "/").replace(/%3A/gi, ":");
}

export function pageUrl(type, id) {
  return "/" + String(type || "paper").toLowerCase() + "/" + idPath(id);
}

export function getJSON(url) {
  return fetch(url, {headers: {Accept: "application/json"}, credentials: "same-origin"})
    .then(readJSON);
}

export function postJSON(url, body) {
  return fetch(url, {method: "POST", credentials: "same-origin",
    headers: {"Content-Type": "application/json", Accept: "application/json"},
    body: JSON.stringify(body)}).then(readJSON);
}

function readJSON(response) {
  return response.json().catch(function () { return {error: response.statusText}; })
    .then(function (data) {
      if (!response.ok) {
        var error = new Error(data.error || ("HTTP " + response.status));
        error.status = response.status;
        throw error;
      }
      return data;
    });
}

/* A title from the data with its allow-listed markup (<i>, <em>, <b>, <strong>, <sub>,
 * <sup>) as elements and everything else as text: other tags are dropped, character
 * references decoded (the rules of explorer/views/markup.py). Never parses HTML. */
var ALLOWED = {i: "i", em: "i", b: "b", strong: "b", sub: "sub", sup: "sup"};
var TAG = /<(\/?)([A-Za-z][\w:.-]*)(?:\s[^<>]*?)?(\/?)\s*>/g;
var ENTITIES = {amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", nbsp: "\u00a0"};

function decode(text) {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, function (all, name) {
    if (name[0] === "#") {
      var code = name[1] === "x" || name[1] === "X" ? Number("0x" + name.slice(2)) :
        Number(name.slice(1));
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : all;
    }
    return ENTITIES[name.toLowerCase()] || all;
  });
}

export function formatted(text) {
  var root = document.createElement("span"), stack = [root], source = String(text || "");
  var at = 0, match;
  TAG.lastIndex = 0;
  function add(piece) {
    if (piece) { stack[stack.length - 1].appendChild(document.createTextNode(decode(piece))); }
  }
  while ((match = TAG.exec(source)) !== null) {
    add(source.slice(at, match.index));
    at = TAG.lastIndex;
    var name = ALLOWED[match[2].toLowerCase()];
    if (!name || match[3]) { continue; }
    if (!match[1]) {
      var child = document.createElement(name);
      stack[stack.length - 1].appendChild(child);
      stack.push(child);
    } else {
      for (var i = stack.length - 1; i > 0; i--) {
        if (stack[i].tagName.toLowerCase() === name) { stack.length = i; break; }
      }
    }
  }
  add(source.slice(at));
  return root;
}

/* The same title as plain text (markup dropped, spaces folded). */
export function plain(text) {
  return formatted(text).textContent.replace(/\s+/g, " ").trim();
}

/* CSV text (RFC 4180, CRLF) of rows of cells; a cell that a spreadsheet would read as a
 * formula (= + - @, tab, CR) gets a leading apostrophe. */
export function csv(rows) {
  return rows.map(function (row) {
    return row.map(function (cell) {
      var text = cell === null || cell === undefined ? "" : String(cell);
      if (/^[=+\-@\t\r]/.test(text)) { text = "'" + text; }
      return /[",\r\n]/.test(text) ? "\"" + text.replace(/"/g, "\"\"") + "\"" : text;
    }).join(",");
  }).join("\r\n") + "\r\n";
}

/* Save `text` as a file named `name` (a data: URL: no Blob, no server round trip). */
export function download(name, text, type) {
  var link = el("a", {href: "data:" + (type || "text/csv") + ";charset=utf-8," +
    encodeURIComponent(text), download: name});
  document.body.appendChild(link);
  link.click();
  link.remove();
}
