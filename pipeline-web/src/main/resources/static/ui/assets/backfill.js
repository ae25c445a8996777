// Backfill page: the progress bar and counts follow the backfill every second until it has finished.
'use strict';
document.addEventListener('DOMContentLoaded', () => {
  const main = document.getElementById('backfill');
  const pct = (n, total) => (total === 0 ? 0 : (100 * n) / total) + '%';
  let polls = 0;
  async function refreshDates() {
    const rows = await ui.getJson(main.dataset.progressUrl + '/dates');
    const body = document.querySelector('#bf-dates tbody');
    const cells = body.querySelectorAll('tr');
    rows.forEach((d, i) => {
      const td = cells[i] ? cells[i].children[2] : null;
      if (!td || !d.run_state) { return; }
      const badge = document.createElement('span');
      badge.className = 'badge st-' + d.run_state; badge.textContent = d.run_state;
      td.replaceChildren(badge);
    });
  }
  ui.poll(async () => {
    polls += 1;
    const p = await ui.getJson(main.dataset.progressUrl);
    document.getElementById('bf-done').style.width = pct(p.done, p.total);
    document.getElementById('bf-failed').style.width = pct(p.failed, p.total);
    document.getElementById('bf-running').style.width = pct(p.running, p.total);
    for (const k of ['done', 'running', 'failed', 'remaining', 'total']) {
      ui.setText(document.getElementById('bf-n-' + k), p[k]);
    }
    if (p.finished || polls % 5 === 0) { await refreshDates(); }
    ui.setText(document.getElementById('bf-status'), p.finished ? 'finished' : (p.paused ? 'paused' : 'running'));
    if (p.finished) {
      const cancel = document.getElementById('bf-cancel-form');
      if (cancel) { cancel.remove(); }
      return 0; // stop polling
    }
    return 1000;
  }, 1000);
});
