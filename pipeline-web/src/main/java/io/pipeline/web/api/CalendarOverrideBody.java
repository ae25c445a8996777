package io.pipeline.web.api;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import jakarta.validation.constraints.NotBlank;

import java.util.Map;

/**
 * The body of {@code POST /calendars/{code}/overrides}: {@code date} (YYYY-MM-DD), {@code kind} ({@code closed} or
 * {@code hours}), for hours {@code open} and {@code close} and optionally {@code break_start} and {@code break_end}
 * (HH:mm, the exchange's local time), and the {@code reason}.
 */
@KnownFieldsOnly
public record CalendarOverrideBody(
        @NotBlank(message = "Field 'date' is required") String date,
        @NotBlank(message = "Field 'kind' is required: 'closed' or 'hours'") String kind,
        String open,
        String close,
        String breakStart,
        String breakEnd,
        @NotBlank(message = "Field 'reason' is required") String reason,
        @JsonAnySetter Map<String, Object> unknown) implements JsonRequest {

    static CalendarOverrideBody empty() {
        return new CalendarOverrideBody(null, null, null, null, null, null, null, Map.of());
    }
}
