package io.pipeline.web.ui;

import io.pipeline.web.security.Role;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.engine.DagRegistry;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import java.util.List;
import java.util.Map;

/** The DAG list with search, tag filter and pause toggles, and the JSON its script polls. */
@RequiresRole(Role.VIEWER)
@Controller
public class DagsController {

    private final DagPages pages;
    private final UiOps ops;
    private final DagRegistry registry;

    public DagsController(DagPages pages, UiOps ops, DagRegistry registry) {
        this.pages = pages;
        this.ops = ops;
        this.registry = registry;
    }

    @GetMapping("/ui/dags")
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) String tag, Model model) {
        model.addAttribute("page", pages.list(q, tag));
        return "ui/dags";
    }

    /** Recent run states per DAG, newest first. */
    @GetMapping("/ui/api/dags/states")
    @ResponseBody
    Map<String, List<String>> states(@RequestParam(required = false) String q,
                                     @RequestParam(required = false) String tag) {
        return pages.states(q, tag);
    }

    /** Pauses or unpauses; from a plain form (redirects back) or from the list's script (JSON). */
    @RequiresRole(Role.USER)
    @PostMapping("/ui/dags/{dagId}/pause")
    Object pause(@PathVariable String dagId, @RequestParam boolean paused,
                 @RequestParam(required = false) String back, Authentication auth) {
        boolean now = ops.operations().pause(dagId, paused, UiUser.of(auth).actor()).paused();
        if ("json".equals(back)) {
            return org.springframework.http.ResponseEntity.ok(Map.of("dag_id", dagId, "is_paused", now));
        }
        return "redirect:" + Links.dag(dagId, "grid");
    }

    @GetMapping("/ui/dags/{dagId}")
    String dag(@PathVariable String dagId) {
        DagHeader.of(registry, dagId);
        return "redirect:" + Links.dag(dagId, "grid");
    }
}
