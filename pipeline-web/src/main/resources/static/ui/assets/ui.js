// Shared helpers of the dashboard's pages: CSRF-aware fetch, polling, escaping, and small enhancements.
'use strict';
window.ui = (() => {
  const meta = (name) => { const m = document.querySelector(`meta[name="${name}"]`); return m ? m.content : null; };

  /** HTML-escapes a value for building markup strings (task ids, run ids, states). */
  const esc = (v) => String(v).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

  /** GETs JSON with the session cookie; rejects on a non-2xx answer (401 means the session is gone). */
  async function getJson(url) {
    const r = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (r.status === 401) { window.location = '/login'; throw new Error('logged out'); }
    if (!r.ok) { throw new Error(url + ': ' + r.status); }
    return r.json();
  }

  /** POSTs a form body with the CSRF token header. */
  async function post(url, params) {
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
    const h = meta('csrf-header'); const t = meta('csrf-token');
    if (h && t) { headers[h] = t; }
    const r = await fetch(url, { method: 'POST', credentials: 'same-origin', headers, body: new URLSearchParams(params) });
    if (!r.ok) { throw new Error(await r.text()); }
    return r.json();
  }

  /**
   * Calls fn every `ms` (or what fn returns as the next delay) while the page is open; errors are logged and the
   * polling goes on, so that a restarting server does not stop a page from refreshing.
   */
  function poll(fn, ms) {
    const tick = async () => {
      let next = ms;
      try { const r = await fn(); if (typeof r === 'number') { next = r; } } catch (e) { console.warn(e); }
      if (next > 0) { setTimeout(tick, document.hidden ? Math.max(next, 5000) : next); }
    };
    setTimeout(tick, ms);
  }

  /** Replaces the children of el with text, never markup. */
  function setText(el, text) { if (el) { el.textContent = text == null ? '' : String(text); } }

  document.addEventListener('DOMContentLoaded', () => {
    document.querySelectorAll('select.autosubmit').forEach((s) => s.addEventListener('change', () => s.form.submit()));
  });

  return { esc, getJson, post, poll, setText };
})();
