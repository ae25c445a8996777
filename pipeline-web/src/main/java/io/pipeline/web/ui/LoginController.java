package io.pipeline.web.ui;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The login form (Spring Security processes its POST) and the way from the root to the DAG list. */
@Controller
public class LoginController {

    @GetMapping("/login")
    String login() {
        return "ui/login";
    }

    @GetMapping({"/", "/ui", "/ui/"})
    String home() {
        return "redirect:/ui/dags";
    }
}
