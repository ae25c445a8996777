// DAG list: pause toggles (a POST with the CSRF header, no reload), and run states refreshed every few seconds.
'use strict';
document.addEventListener('DOMContentLoaded', () => {
  const main = document.getElementById('dags');
  main.addEventListener('click', async (ev) => {
    const button = ev.target.closest('button.toggle');
    if (!button) { return; }
    const dag = button.closest('tr').dataset.dag;
    const paused = button.dataset.paused === 'true';
    try {
      const r = await ui.post('/ui/dags/' + encodeURIComponent(dag) + '/pause', { paused: String(!paused), back: 'json' });
      button.dataset.paused = String(r.is_paused);
      button.classList.toggle('on', !r.is_paused);
    } catch (e) { alert('Could not change the pause flag: ' + e.message); }
  });
  ui.poll(async () => {
    const states = await ui.getJson(main.dataset.statesUrl);
    document.querySelectorAll('tr[data-dag]').forEach((tr) => {
      const runs = states[tr.dataset.dag] || [];
      const cell = tr.querySelector('td.runs');
      const key = runs.join(',');
      if (cell.dataset.last !== key) {
        cell.dataset.last = key;
        cell.replaceChildren(...runs.map((s) => { const i = document.createElement('i'); i.className = 'st-' + s; i.title = s; return i; }));
      }
      const badge = tr.querySelector('.last-state');
      if (badge && runs.length) { badge.className = 'badge last-state st-' + runs[0]; ui.setText(badge, runs[0]); }
    });
  }, 5000);
});
