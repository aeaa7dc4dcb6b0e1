package io.ltq.experiments.lottery;

import io.ltq.experiments.UserMistakeException;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A setting out of range, said in one sentence that names the setting and what to do. The
 * sentence names settings by their field names ({@code learningRate}); a front end that calls them
 * something else, as the {@code ltq} command line calls it {@code --lr}, renders the same sentence
 * with its own names ({@link #render}), so that no domain code knows the command line's flags.
 * A user's mistake: {@code ltq} prints the rendered sentence and exits with code 2.
 */
public final class InvalidSettingException extends UserMistakeException {

    private static final long serialVersionUID = 1L;
    private static final Pattern NAME = Pattern.compile("\\{(\\w+)}");

    private final String template;

    /**
     * Creates the exception.
     *
     * @param template the sentence, with each setting's field name in braces, e.g. {@code
     *     "{learningRate} must be positive, got -1."}
     */
    public InvalidSettingException(String template) {
        super(render(template, UnaryOperator.identity()));
        this.template = template;
    }

    /**
     * Throws when a condition does not hold.
     *
     * @param ok the condition
     * @param template the sentence of {@link #InvalidSettingException(String)}
     * @throws InvalidSettingException when {@code ok} is false
     */
    static void check(boolean ok, String template) {
        if (!ok) {
            throw new InvalidSettingException(template);
        }
    }

    /**
     * Returns the sentence with the settings named as a front end calls them.
     *
     * @param names a setting's name by its field name; return the field name to keep it
     * @return the sentence
     */
    public String render(UnaryOperator<String> names) {
        return render(template, names);
    }

    private static String render(String template, UnaryOperator<String> names) {
        Matcher m = NAME.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(names.apply(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
