// Backfill page: the progress bar and counts follow the backfill every second until it has finished.
'use strict';
document.addEventListener('DOMContentLoaded', () => {
  const main = document.getElementById('backfill');
  const pct = (n, total) => (total === 0 ? 0 : (100 * n) / total) + '%';
  ui.poll(async () => {
    const p = await ui.getJson(main.dataset.progressUrl);
    document.getElementById('bf-done').style.width = pct(p.done, p.total);
    document.getElementById('bf-failed').style.width = pct(p.failed, p.total);
    document.getElementById('bf-running').style.width = pct(p.running, p.total);
    for (const k of ['done', 'running', 'failed', 'remaining', 'total']) {
      ui.setText(document.getElementById('bf-n-' + k), p[k]);
    }
    ui.setText(document.getElementById('bf-status'), p.finished ? 'finished' : (p.paused ? 'paused' : 'running'));
    if (p.finished) {
      const cancel = document.getElementById('bf-cancel-form');
      if (cancel) { cancel.remove(); }
      return 0; // stop polling
    }
    return 1000;
  }, 1000);
});
