package io.pipeline.web.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The log continuation token: an opaque base64 of the character position already returned. */
final class LogToken {

    private static final String PREFIX = "log_pos:";

    private LogToken() {
    }

    static String of(int position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + position).getBytes(StandardCharsets.UTF_8));
    }

    /** 0 for no token; 400 naming the parameter for a token this server did not issue. */
    static int position(String token) {
        if (token == null || token.isBlank()) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8);
            if (decoded.startsWith(PREFIX)) {
                int position = Integer.parseInt(decoded.substring(PREFIX.length()));
                if (position >= 0) {
                    return position;
                }
            }
        } catch (IllegalArgumentException malformed) {
            // fall through to the error below
        }
        throw ApiException.badRequest("Parameter 'token': not a continuation token returned by this API");
    }
}
