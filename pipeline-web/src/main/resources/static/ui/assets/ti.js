// Task-instance page: state, tries and "why" refreshed by polling; the log of the chosen try (the newest by
// default) appended as it grows. Log text goes in as text nodes only, so markup in a log line shows as text.
'use strict';
document.addEventListener('DOMContentLoaded', () => {
  const main = document.getElementById('ti');
  const logEl = document.getElementById('log');
  const tabs = document.getElementById('try-tabs');
  let tries = Number(main.dataset.try);
  let shown = tries;       // the try whose log is shown
  let followNewest = true; // switch to a new try when one starts
  let offset = 0;
  let logDone = false;

  function drawTabs() {
    const buttons = [];
    for (let n = 1; n <= tries; n++) {
      const b = document.createElement('button');
      b.type = 'button'; b.className = 'small' + (n === shown ? ' on' : ''); b.textContent = 'Try ' + n;
      b.dataset.try = String(n);
      b.addEventListener('click', () => { followNewest = n === tries; show(n); });
      buttons.push(b);
    }
    tabs.replaceChildren(...buttons);
    if (!tries) { logEl.textContent = '(no try has started yet)'; }
  }

  function show(n) {
    shown = n; offset = 0; logDone = false; logEl.textContent = '';
    drawTabs(); readLog();
  }

  async function readLog() {
    if (!shown || logDone) { return; }
    const want = shown;
    const chunk = await ui.getJson(main.dataset.logUrl + '&try=' + want + '&offset=' + offset);
    if (want !== shown) { return; }
    if (chunk.text) { logEl.append(document.createTextNode(chunk.text)); logEl.scrollTop = logEl.scrollHeight; }
    offset = chunk.offset;
    logDone = chunk.finished;
    logEl.dataset.finished = String(chunk.finished);
  }

  function drawTries(list) {
    const rows = list.map((t) => {
      const tr = document.createElement('tr');
      const cells = [t.number, null, t.start, t.end, t.duration, t.node, t.error];
      cells.forEach((v, i) => {
        const td = document.createElement('td');
        if (i === 1) { const s = document.createElement('span'); s.className = 'badge st-' + t.state; s.textContent = t.state; td.append(s); }
        else { td.textContent = v == null ? '' : String(v); }
        if (i === 6) { td.className = 'error-text'; }
        tr.append(td);
      });
      return tr;
    });
    document.getElementById('tries').replaceChildren(...rows);
  }

  async function refresh() {
    const s = await ui.getJson(main.dataset.stateUrl);
    const badge = document.getElementById('ti-state');
    badge.className = 'badge st-' + s.state; ui.setText(badge, s.state);
    ui.setText(document.getElementById('ti-try'), s.try_number + ' of ' + s.max_tries);
    ui.setText(document.getElementById('why-summary'), s.summary);
    document.getElementById('why-reasons').replaceChildren(...s.reasons.map((w) => {
      const li = document.createElement('li'); li.textContent = w; return li;
    }));
    drawTries(s.tries);
    if (s.try_number !== tries) {
      tries = s.try_number;
      if (followNewest) { show(tries); } else { drawTabs(); }
    } else if (!logDone) {
      await readLog();
    }
    const settled = ['success', 'failed', 'skipped', 'upstream_failed', 'removed'].includes(s.state);
    if (settled && !logDone) { await readLog(); }
    return settled && logDone ? 5000 : 1000;
  }

  drawTabs();
  if (tries) { readLog(); }
  ui.poll(refresh, 1000);
});
