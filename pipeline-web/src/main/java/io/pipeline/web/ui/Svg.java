package io.pipeline.web.ui;

import java.util.Locale;

/**
 * A small SVG writer for the server-drawn charts. Every text and attribute value goes through {@link #esc}, so a
 * task id or a holiday name can never become markup; only this class writes tags.
 */
public final class Svg {

    private final StringBuilder out = new StringBuilder(4096);

    public Svg(double width, double height, String cssClass) {
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"").append(esc(cssClass))
                .append("\" width=\"").append(num(width)).append("\" height=\"").append(num(height))
                .append("\" viewBox=\"0 0 ").append(num(width)).append(' ').append(num(height)).append("\">");
    }

    /** Opens an element with attributes given as name, value pairs (values escaped). */
    public Svg open(String tag, Object... attributes) {
        out.append('<').append(tag);
        attrs(attributes);
        out.append('>');
        return this;
    }

    public Svg close(String tag) {
        out.append("</").append(tag).append('>');
        return this;
    }

    /** A self-closed element. */
    public Svg el(String tag, Object... attributes) {
        out.append('<').append(tag);
        attrs(attributes);
        out.append("/>");
        return this;
    }

    /** An element with escaped text content. */
    public Svg text(String tag, String text, Object... attributes) {
        open(tag, attributes);
        out.append(esc(text));
        return close(tag);
    }

    /** A tooltip for the enclosing element. */
    public Svg title(String text) {
        return text("title", text);
    }

    public String end() {
        return out.append("</svg>").toString();
    }

    private void attrs(Object[] attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name, value pairs");
        }
        for (int i = 0; i < attributes.length; i += 2) {
            Object v = attributes[i + 1];
            if (v == null) {
                continue;
            }
            String value = v instanceof Double d ? num(d) : String.valueOf(v);
            out.append(' ').append(attributes[i]).append("=\"").append(esc(value)).append('"');
        }
    }

    static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    /** XML escaping of text and attribute values. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
