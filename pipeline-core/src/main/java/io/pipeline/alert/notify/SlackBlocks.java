package io.pipeline.alert.notify;

import com.slack.api.model.Message;
import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.ContextBlockElement;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import io.pipeline.alert.AlertPayload;
import io.pipeline.alert.OutboxRow;
import io.pipeline.dag.alert.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Block Kit for an alert: the summary, details as fields, the error's first lines, and links to the dashboard. */
public final class SlackBlocks {

    /** Slack's limit for a section's text is 3,000 characters. */
    private static final int MAX_SECTION = 2900;

    private SlackBlocks() {
    }

    public static List<LayoutBlock> render(OutboxRow alert) {
        AlertPayload p = alert.payload();
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(SectionBlock.builder().text(markdown(icon(p) + " *" + escape(p.summary()) + "*")).build());
        blocks.add(SectionBlock.builder().fields(fields(p)).build());
        if (p.error() != null) {
            String error = escape(p.error());
            if (error.length() > MAX_SECTION) {
                error = error.substring(0, MAX_SECTION) + "…";
            }
            blocks.add(SectionBlock.builder().text(markdown("```" + error + "```")).build());
        }
        List<BlockElement> buttons = new ArrayList<>();
        if (p.taskUrl() != null) {
            buttons.add(button(p.isTaskAlert() ? "Open task" : "Open run", "open_task", p.taskUrl()));
        }
        if (p.logUrl() != null) {
            buttons.add(button("View log", "view_log", p.logUrl()));
        }
        if (!buttons.isEmpty()) {
            blocks.add(ActionsBlock.builder().elements(buttons).build());
        }
        List<ContextBlockElement> context = List.of(markdown(
                "alert #" + alert.id() + " · " + p.event().value() + " · " + p.at()));
        blocks.add(ContextBlock.builder().elements(context).build());
        return blocks;
    }

    /** Message metadata naming the alert, so that a duplicate after a crash can be recognised in the channel. */
    public static Message.Metadata metadata(OutboxRow alert) {
        return Message.Metadata.builder()
                .eventType("pipeline_alert")
                .eventPayload(Map.of("alert_id", alert.id(), "event", alert.payload().event().value()))
                .build();
    }

    private static List<TextObject> fields(AlertPayload p) {
        List<TextObject> fields = new ArrayList<>();
        fields.add(markdown("*DAG*\n" + escape(p.dagId())));
        if (p.taskId() != null) {
            String task = p.mapIndex() >= 0 ? p.taskId() + "[" + p.mapIndex() + "]" : p.taskId();
            fields.add(markdown("*Task*\n" + escape(task)));
        }
        fields.add(markdown("*Date*\n" + p.dateLabel() + " (logical date " + p.logicalDate() + ")"));
        fields.add(markdown("*Run*\n" + escape(p.runId())));
        if (p.tryNumber() > 0) {
            fields.add(markdown("*Try*\n" + p.tryNumber() + " of " + p.maxTries()));
        }
        if (p.durationMs() != null) {
            fields.add(markdown("*Duration*\n" + Durations.humanize(Duration.ofMillis(p.durationMs()))));
        }
        if (p.deadline() != null) {
            fields.add(markdown("*Deadline*\n" + escape(p.deadline()) + "\ndue " + p.dueAt()));
        }
        if (p.lateByMs() != null) {
            fields.add(markdown("*Late by*\n" + Durations.humanize(Duration.ofMillis(p.lateByMs()))));
        }
        return fields;
    }

    private static String icon(AlertPayload p) {
        return switch (p.event()) {
            case FAILURE, RUN_FAILURE -> ":red_circle:";
            case RETRY -> ":large_orange_circle:";
            case SUCCESS, RUN_SUCCESS -> ":white_check_mark:";
            case RECOVERY -> ":large_green_circle:";
            case DEADLINE_MISSED, DEADLINE_FINISHED_LATE -> ":alarm_clock:";
        };
    }

    private static ButtonElement button(String text, String actionId, String url) {
        return ButtonElement.builder().text(PlainTextObject.builder().text(text).build())
                .actionId(actionId).url(url).build();
    }

    private static MarkdownTextObject markdown(String text) {
        return MarkdownTextObject.builder().text(text).build();
    }

    /** Slack's mrkdwn control characters (https://api.slack.com/reference/surfaces/formatting#escaping). */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
