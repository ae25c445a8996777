package io.pipeline.web.api;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.TreeSet;

/**
 * A {@link JsonRequest} with no unknown fields; the message names them, the schema and its fields:
 * {@code Unknown field(s) color in ClearTaskInstances; known fields: dag_run_id, dry_run, ...}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = KnownFieldsOnly.Check.class)
public @interface KnownFieldsOnly {

    String message() default "Unknown field(s)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<KnownFieldsOnly, JsonRequest> {

        @Override
        public boolean isValid(JsonRequest body, ConstraintValidatorContext context) {
            if (body == null || body.unknown() == null || body.unknown().isEmpty()) {
                return true;
            }
            String message = "Unknown field(s) " + String.join(", ", new TreeSet<>(body.unknown().keySet())) + " in "
                    + body.getClass().getSimpleName() + "; known fields: "
                    + String.join(", ", new TreeSet<>(JsonRequest.fieldNames(body.getClass())));
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(literal(message)).addConstraintViolation();
            return false;
        }

        /** The message as a template that interpolates nothing: field names come from the request. */
        private static String literal(String text) {
            return text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
        }
    }
}
