package io.pipeline.web.ui;

import io.pipeline.web.security.PermitAnonymous;
import io.pipeline.web.security.Role;
import io.pipeline.web.security.RequiresRole;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The login form (Spring Security processes its POST) and the way from the root to the DAG list. */
@RequiresRole(Role.VIEWER)
@Controller
public class LoginController {

    @PermitAnonymous
    @GetMapping("/login")
    String login() {
        return "ui/login";
    }

    @GetMapping({"/", "/ui", "/ui/"})
    String home() {
        return "redirect:/ui/dags";
    }
}
