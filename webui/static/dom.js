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
