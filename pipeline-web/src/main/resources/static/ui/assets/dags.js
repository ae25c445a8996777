// DAG list: pause toggles without a reload, and run states refreshed every few seconds.
'use strict';
document.addEventListener('DOMContentLoaded', () => {
  const main = document.getElementById('dags');
  document.querySelectorAll('form.pause-form').forEach((form) => {
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const input = form.querySelector('input[name=paused]');
      const button = form.querySelector('button');
      try {
        const r = await ui.post(form.action, { paused: input.value, back: 'json' });
        button.classList.toggle('on', !r.is_paused);
        button.title = r.is_paused ? 'Paused: click to unpause' : 'Active: click to pause';
        input.value = String(!r.is_paused);
      } catch (e) { alert('Could not change the pause flag: ' + e.message); }
    });
  });
  ui.poll(async () => {
    const states = await ui.getJson(main.dataset.statesUrl);
    document.querySelectorAll('tr[data-dag]').forEach((tr) => {
      const runs = states[tr.dataset.dag] || [];
      const cell = tr.querySelector('td.runs');
      const html = runs.map((s) => `<i class="st-${ui.esc(s)}" title="${ui.esc(s)}"></i>`).join('');
      if (cell.dataset.last !== html) { cell.innerHTML = html; cell.dataset.last = html; }
      const badge = tr.querySelector('.last-state');
      if (badge && runs.length) { badge.className = 'badge last-state st-' + runs[0]; ui.setText(badge, runs[0]); }
    });
  }, 5000);
});
