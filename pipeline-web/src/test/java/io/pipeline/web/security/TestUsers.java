package io.pipeline.web.security;

/** Test fixtures: users created straight in the store, so that they are not in the audit log the tests read. */
public final class TestUsers {

    private TestUsers() {
    }

    public static boolean createIfAbsent(UserStore users, NewUser user) {
        return users.createIfAbsent(user);
    }

    public static void delete(UserStore users, String username) {
        users.delete(username);
    }
}
