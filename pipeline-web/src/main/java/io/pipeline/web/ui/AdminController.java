package io.pipeline.web.ui;

import io.pipeline.web.security.RequiresRole;
import io.pipeline.connect.Connection;
import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.ops.AuditEntry;
import io.pipeline.ops.AuditFilter;
import io.pipeline.store.Page;
import io.pipeline.web.security.NewUser;
import io.pipeline.web.security.Role;
import io.pipeline.web.security.UserAdministration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.List;

/** The audit log (everyone), connections with masked secrets and users (Admin). */
@RequiresRole(Role.ADMIN)
@Controller
public class AdminController {

    static final int AUDIT_PAGE = 100;

    /** A connection as listed: never its password, only the masked URI. */
    public record ConnectionView(String id, String scheme, String host, int port, String login, String maskedUri) {
        static ConnectionView of(Connection c) {
            return new ConnectionView(c.id(), c.scheme(), c.host(), c.port(), c.login(), c.maskedUri());
        }
    }

    private final UiOps ops;
    private final ConnectionRegistry connections;
    private final UserAdministration users;

    public AdminController(UiOps ops, ObjectProvider<ConnectionRegistry> connections, UserAdministration users) {
        this.ops = ops;
        this.connections = connections.getIfAvailable(ConnectionRegistry::empty);
        this.users = users;
    }

    @RequiresRole(Role.VIEWER)
    @GetMapping("/ui/audit")
    String audit(@RequestParam(required = false) String dag, @RequestParam(required = false) String event,
                 @RequestParam(required = false) String owner, @RequestParam(defaultValue = "0") int offset,
                 Model model) {
        AuditFilter filter = new AuditFilter(blankToNull(dag), null, null, null, null, blankToNull(event),
                blankToNull(owner), null, null, List.of(), List.of());
        Page<AuditEntry> page = ops.audit().list(filter, AUDIT_PAGE, Math.max(0, offset), "-event_log_id");
        model.addAttribute("entries", page.items());
        model.addAttribute("total", page.totalEntries());
        model.addAttribute("offset", Math.max(0, offset));
        model.addAttribute("pageSize", AUDIT_PAGE);
        model.addAttribute("dag", dag);
        model.addAttribute("event", event);
        model.addAttribute("owner", owner);
        return "ui/audit";
    }

    @GetMapping("/ui/connections")
    String connections(Model model) {
        model.addAttribute("connections", connections.ids().stream().sorted()
                .map(id -> ConnectionView.of(connections.get(id))).toList());
        return "ui/connections";
    }

    @GetMapping("/ui/users")
    String users(Model model) {
        model.addAttribute("users", users.list());
        model.addAttribute("roles", Role.values());
        return "ui/users";
    }

    @PostMapping("/ui/users")
    String create(@RequestParam String username, @RequestParam String password, @RequestParam String role,
                  Authentication auth, Model model) {
        try {
            users.create(NewUser.of(username.strip(), password, Role.of(role)), UiUser.of(auth).actor());
            return "redirect:/ui/users";
        } catch (IllegalArgumentException e) {
            return users(e.getMessage(), model);
        }
    }

    @PostMapping("/ui/users/{username}/delete")
    String delete(@PathVariable String username, Authentication auth, Model model) {
        if (username.equals(auth.getName())) {
            return users("you cannot delete the user you are logged in as", model);
        }
        try {
            users.delete(username, UiUser.of(auth).actor());
            return "redirect:/ui/users";
        } catch (IllegalArgumentException e) {
            return users(e.getMessage(), model);
        }
    }

    @PostMapping("/ui/users/{username}/role")
    String changeRole(@PathVariable String username, @RequestParam String role, Authentication auth, Model model) {
        try {
            users.changeRole(username, Role.of(role), UiUser.of(auth).actor());
            return "redirect:/ui/users";
        } catch (IllegalArgumentException e) {
            return users(e.getMessage(), model);
        }
    }

    @PostMapping("/ui/users/{username}/password")
    String resetPassword(@PathVariable String username, @RequestParam String password, Authentication auth,
                         Model model) {
        try {
            users.setPassword(username, password, UiUser.of(auth).actor());
            model.addAttribute("notice", "Password of user '" + username + "' changed.");
            return users(model);
        } catch (IllegalArgumentException e) {
            return users(e.getMessage(), model);
        }
    }

    private String users(String error, Model model) {
        model.addAttribute("error", error);
        return users(model);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
