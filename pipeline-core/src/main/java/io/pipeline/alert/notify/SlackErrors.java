package io.pipeline.alert.notify;

import java.util.Set;

/**
 * Slack Web API error codes that will fail again until someone changes the configuration: retrying them only
 * hides the problem (https://api.slack.com/methods/chat.postMessage, "Errors").
 */
final class SlackErrors {

    private static final Set<String> PERMANENT = Set.of(
            "invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "no_permission",
            "missing_scope", "not_allowed_token_type", "ekm_access_denied", "team_access_not_granted",
            "org_login_required", "invalid_token", "channel_not_found", "not_in_channel", "is_archived",
            "channel_is_archived", "restricted_action", "restricted_action_read_only_channel",
            "restricted_action_thread_only_channel", "restricted_action_non_threadable_channel",
            "cannot_reply_to_message", "invalid_blocks", "invalid_blocks_format", "invalid_metadata_format",
            "invalid_metadata_schema", "metadata_too_large", "msg_too_long", "no_text", "too_many_attachments",
            "invalid_arguments", "invalid_arg_name", "invalid_array_arg", "invalid_charset", "invalid_form_data",
            "invalid_post_type", "missing_post_type", "as_user_not_supported", "duplicate_channel_not_found",
            "no_service", "no_service_id", "no_team", "team_disabled", "action_prohibited", "user_not_found",
            "invalid_payload", "posting_to_general_channel_denied");

    private SlackErrors() {
    }

    static boolean isPermanent(String error) {
        return error != null && PERMANENT.contains(error);
    }
}
