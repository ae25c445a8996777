package io.pipeline.web.ui;

import io.pipeline.web.security.PermitAnonymous;
import io.pipeline.web.security.Role;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.web.security.LoginThrottledException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.security.web.WebAttributes;

/** The login form (Spring Security processes its POST) and the way from the root to the DAG list. */
@RequiresRole(Role.VIEWER)
@Controller
public class LoginController {

    @PermitAnonymous
    @GetMapping("/login")
    String login(HttpServletRequest request, Model model) {
        HttpSession session = request.getSession(false);
        if (request.getParameter("error") != null && session != null
                && session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION) instanceof LoginThrottledException e) {
            model.addAttribute("lockedMessage", e.getMessage());
        }
        return "ui/login";
    }

    @GetMapping({"/", "/ui", "/ui/"})
    String home() {
        return "redirect:/ui/dags";
    }
}
