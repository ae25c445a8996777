package io.pipeline.web.doctor;

/** One line of {@code pipeline doctor}: {@code OK|FAIL|SKIP  name: detail}. */
public record Check(Status status, String name, String detail) {

    public enum Status { OK, FAIL, SKIP }

    public static Check ok(String name, String detail) {
        return new Check(Status.OK, name, detail);
    }

    public static Check fail(String name, String detail) {
        return new Check(Status.FAIL, name, detail);
    }

    public static Check skip(String name, String detail) {
        return new Check(Status.SKIP, name, detail);
    }

    public boolean failed() {
        return status == Status.FAIL;
    }

    public String line() {
        return String.format("%-4s  %s: %s", status, name, detail.replace('\n', ' '));
    }
}
