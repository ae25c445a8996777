package io.pipeline.web.ui;

import io.pipeline.web.security.RequiresRole;
import io.pipeline.web.security.Role;
import io.pipeline.web.security.NewUser;
import io.pipeline.web.security.UserAdministration;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The logged-in user's own account: changing the password (any role). */
@RequiresRole(Role.VIEWER)
@Controller
public class AccountController {

    private final UserAdministration users;

    public AccountController(UserAdministration users) {
        this.users = users;
    }

    @GetMapping("/ui/account/password")
    String passwordForm(Model model) {
        model.addAttribute("minLength", NewUser.MIN_PASSWORD_LENGTH);
        return "ui/account-password";
    }

    @PostMapping("/ui/account/password")
    String changePassword(@RequestParam(name = "current_password", defaultValue = "") String current,
                          @RequestParam(name = "new_password", defaultValue = "") String newPassword,
                          @RequestParam(name = "new_password_again", defaultValue = "") String again,
                          Authentication auth, Model model) {
        try {
            users.changeOwnPassword(UiUser.of(auth).actor(), current, newPassword, again);
            model.addAttribute("notice", "Your password has been changed.");
        } catch (IllegalArgumentException e) {
            model.addAttribute("error", e.getMessage());
        }
        return passwordForm(model);
    }
}
