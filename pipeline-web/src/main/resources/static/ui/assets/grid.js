// The grid: runs as columns (oldest left), tasks as rows, drawn from one JSON document and redrawn while runs are
// active. Cells are bare <i> elements; titles and the side panel are filled on demand, so 100 runs x 500 tasks
// stays light. Every text from the server is escaped before it goes into markup.
'use strict';
(() => {
  const CODES = { '.': 'nostatus', n: 'none', S: 'scheduled', q: 'queued', r: 'running', s: 'success', f: 'failed',
    R: 'up_for_retry', P: 'up_for_reschedule', u: 'upstream_failed', k: 'skipped', x: 'removed',
    D: 'deferred' };
  let data = null;
  let lastJson = '';
  let selected = null; // [taskIndex, runIndex]

  // Task groups start collapsed; the ids of the expanded ones (kept while the page is open).
  const expanded = new Set();

  function visible(t) {
    const byId = data.groupIndex;
    for (let p = t.parent; p; p = data.tasks[byId[p]].parent) {
      if (!expanded.has(p)) { return false; }
    }
    return true;
  }

  function label(t) {
    const esc = ui.esc;
    const local = t.parent ? t.id.substring(t.parent.length + 1) : t.id;
    const pad = `style="padding-left:${(t.depth || 0) * 14}px"`;
    if (t.group) {
      const open = expanded.has(t.id);
      return `<div class="g-label g-group" ${pad} title="${esc(t.id)} (task group)"><button type="button" class="g-toggle" data-group="${esc(t.id)}" aria-expanded="${open}">${open ? '▾' : '▸'}</button> ${esc(local)}</div>`;
    }
    return `<div class="g-label" ${pad} title="${esc(t.id)}">${esc(local)}${t.mapped ? ' [ ]' : ''}</div>`;
  }

  function render(el) {
    const esc = ui.esc;
    data.groupIndex = {};
    data.tasks.forEach((t, i) => { if (t.group) { data.groupIndex[t.id] = i; } });
    const head = data.runs.map((r, i) => `<i class="st-${esc(r.state)}" data-r="${i}" title="${esc(r.id)} · ${esc(r.date)}${r.key ? ` · partition ${esc(r.key)}` : ''}"${r.key ? ` data-key="${esc(r.key)}"` : ''}></i>`).join('');
    const rows = data.tasks.map((t, ti) => {
      if (!visible(t)) { return ''; }
      const row = data.rows[ti];
      let cells = '';
      for (let i = 0; i < row.length; i++) {
        cells += `<i class="st-${CODES[row[i]]}${t.mapped ? ' m' : ''}${t.group ? ' g' : ''}"></i>`;
      }
      return `<div class="g-row${t.group ? ' group' : ''}" data-t="${ti}" data-task="${esc(t.id)}">${label(t)}${cells}</div>`;
    }).join('');
    const groups = Object.keys(data.groupIndex).length;
    const counts = `${data.runs.length} runs · ${data.tasks.length - groups} tasks${groups ? ` · ${groups} groups` : ''}`;
    el.innerHTML = `<div class="g-head"><div class="g-label muted">${counts}</div>${head}</div>${rows}`;
    if (!data.runs.length) { el.insertAdjacentHTML('beforeend', '<p class="muted">No runs yet.</p>'); }
    if (selected) { mark(el, selected[0], selected[1]); }
  }

  function cellAt(el, t, r) {
    const row = el.querySelector(`.g-row[data-t="${t}"]`);
    return row ? row.children[r + 1] : null;
  }

  function mark(el, t, r) {
    el.querySelectorAll('i.sel').forEach((c) => c.classList.remove('sel'));
    const c = cellAt(el, t, r);
    if (c) { c.classList.add('sel'); }
  }

  function locate(target) {
    if (target.tagName !== 'I') { return null; }
    const row = target.parentElement;
    if (!row.classList.contains('g-row')) { return null; }
    return [Number(row.dataset.t), Array.prototype.indexOf.call(row.children, target) - 1];
  }

  function describe(t, r) {
    const task = data.tasks[t]; const run = data.runs[r];
    const counts = data.mapped[`${t},${r}`];
    const state = CODES[data.rows[t][r]];
    let text = `${task.id} · ${run.id}${run.key ? ` (partition ${run.key})` : ''} · ${state}`;
    if (counts) { text += ' · ' + Object.entries(counts).map(([s, n]) => `${n} ${s}`).join(', '); }
    return text;
  }

  async function open(el, t, r) {
    selected = [t, r];
    mark(el, t, r);
    const task = data.tasks[t]; const run = data.runs[r];
    const panel = document.getElementById('ti-panel');
    panel.hidden = false;
    ui.setText(document.getElementById('p-title'), task.id);
    ui.setText(document.getElementById('p-run'), run.id);
    const counts = data.mapped[`${t},${r}`];
    ui.setText(document.getElementById('p-mapped'), counts ? 'Mapped instances: '
      + Object.entries(counts).map(([s, n]) => `${n} ${s}`).join(', ') : '');
    const state = CODES[data.rows[t][r]];
    const badge = document.getElementById('p-state');
    badge.className = 'badge st-' + state; ui.setText(badge, state);
    const q = new URLSearchParams({ run: run.id, task: task.id, map: '-1' }).toString();
    document.getElementById('p-open').href = el.dataset.ti + '?' + q;
    document.getElementById('p-open').style.display = task.group ? 'none' : ''; // a group has no TI page
    const groupActions = document.getElementById('p-group-actions');
    if (groupActions) {
      groupActions.hidden = !task.group;
      groupActions.querySelectorAll('input[name=run]').forEach((i) => { i.value = run.id; });
      groupActions.querySelectorAll('input[name=task]').forEach((i) => { i.value = task.id; });
    }
    if (task.group) {
      ui.setText(document.getElementById('p-summary'), 'Task group: its state is the most urgent of its tasks\' states.');
      document.getElementById('p-reasons').replaceChildren();
      return;
    }
    ui.setText(document.getElementById('p-summary'), '');
    document.getElementById('p-reasons').replaceChildren();
    if (state === 'nostatus' || task.mapped) { return; }
    try {
      const ti = await ui.getJson(el.dataset.tiApi + '?' + q);
      ui.setText(document.getElementById('p-summary'), ti.summary);
      const list = document.getElementById('p-reasons');
      list.replaceChildren(...ti.reasons.map((w) => { const li = document.createElement('li'); li.textContent = w; return li; }));
    } catch (e) { console.warn(e); }
  }

  document.addEventListener('DOMContentLoaded', () => {
    const el = document.getElementById('grid');
    el.addEventListener('mouseover', (ev) => {
      const at = locate(ev.target);
      if (at && !ev.target.title) { ev.target.title = describe(at[0], at[1]); }
    });
    el.addEventListener('click', (ev) => {
      const toggle = ev.target.closest('.g-toggle');
      if (toggle) {
        const id = toggle.dataset.group;
        if (expanded.has(id)) { expanded.delete(id); } else { expanded.add(id); }
        render(el);
        return;
      }
      const at = locate(ev.target);
      if (at && data.rows[at[0]][at[1]] !== '.') { open(el, at[0], at[1]); }
    });
    const load = async () => {
      const r = await fetch(el.dataset.src, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (r.status === 401) { window.location = '/login'; return 0; }
      const text = await r.text();
      if (text !== lastJson) {
        lastJson = text; data = JSON.parse(text); render(el);
        el.dataset.rendered = String(Date.now());
      }
      return data.active ? 2000 : 10000;
    };
    load().then((next) => ui.poll(load, next || 2000));
  });
})();
