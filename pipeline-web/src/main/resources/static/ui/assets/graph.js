// Graph: recolours the nodes with the run's task states every few seconds while the page is open.
'use strict';
document.addEventListener('DOMContentLoaded', () => {
  const el = document.getElementById('graph');
  const badge = document.getElementById('run-state');
  if (!el || !badge) { return; }
  ui.poll(async () => {
    const s = await ui.getJson(el.dataset.statesUrl);
    el.querySelectorAll('g.node[data-task]').forEach((g) => {
      const state = s.tasks[g.dataset.task] || 'none';
      g.setAttribute('class', 'node' + (g.dataset.group ? ' group' : '') + ' st-' + state);
    });
    badge.className = 'badge st-' + s.run_state; ui.setText(badge, s.run_state);
    return ['success', 'failed'].includes(s.run_state) ? 10000 : 2000;
  }, 2000);
});
