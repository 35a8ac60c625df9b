package nexus.iam.observability;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Just enough of PromQL to find the series selectors of an expression: each metric name with its
 * label matchers. A metric name is an identifier that is not a keyword, an aggregation operator or
 * a function (followed by {@code (}); label matchers ({@code {…}}), ranges ({@code […]}), strings,
 * numbers, durations, Grafana variables ({@code $name}, {@code ${name}}) and the label lists of
 * {@code by}, {@code without}, {@code on}, {@code ignoring}, {@code group_left} and
 * {@code group_right} are skipped.
 */
final class PromQl {

	/** A series selector: the metric name and its label matchers, {@code {…}} or empty. */
	record Selector(String metric, String matchers) {

		String text() {
			return this.metric + this.matchers;
		}
	}

	private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left",
			"group_right");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "offset", "bool", "inf", "nan", "sum",
			"min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile",
			"limitk", "atan2");

	private PromQl() {
	}

	static List<Selector> selectors(String expr) {
		List<Selector> selectors = new ArrayList<>();
		int length = expr.length();
		int i = 0;
		while (i < length) {
			char c = expr.charAt(i);
			if (c == '"' || c == '\'' || c == '`') {
				i = skipString(expr, i);
			}
			else if (c == '#') {
				int end = expr.indexOf('\n', i);
				i = (end < 0) ? length : end;
			}
			else if (c == '{') {
				i = skipBlock(expr, i, '{', '}');
			}
			else if (c == '[') {
				i = skipBlock(expr, i, '[', ']');
			}
			else if (c == '$') {
				i = (i + 1 < length && expr.charAt(i + 1) == '{') ? skipBlock(expr, i + 1, '{', '}')
						: skipWord(expr, i + 1);
			}
			else if (Character.isDigit(c) || (c == '.' && i + 1 < length && Character.isDigit(expr.charAt(i + 1)))) {
				i = skipWord(expr, i); // a number or a duration: 0.99, 1e3, 5m, 0x1f
			}
			else if (identifierStart(c)) {
				int start = i;
				i = skipWord(expr, i);
				String word = expr.substring(start, i);
				int next = skipSpace(expr, i);
				if (LABEL_LISTS.contains(word.toLowerCase(Locale.ROOT))) {
					if (next < length && expr.charAt(next) == '(') {
						i = skipBlock(expr, next, '(', ')');
					}
				}
				else if (!KEYWORDS.contains(word.toLowerCase(Locale.ROOT))
						&& !(next < length && expr.charAt(next) == '(')) {
					String matchers = "";
					if (next < length && expr.charAt(next) == '{') {
						i = skipBlock(expr, next, '{', '}');
						matchers = expr.substring(next, i);
					}
					selectors.add(new Selector(word, matchers));
				}
			}
			else {
				i++;
			}
		}
		return selectors;
	}

	private static boolean identifierStart(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
	}

	private static int skipWord(String expr, int from) {
		int i = from;
		while (i < expr.length() && (identifierStart(expr.charAt(i)) || Character.isDigit(expr.charAt(i))
				|| expr.charAt(i) == '.')) {
			i++;
		}
		return i;
	}

	private static int skipSpace(String expr, int from) {
		int i = from;
		while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) {
			i++;
		}
		return i;
	}

	/** From an opening quote to after its closing one; backslash escapes except in raw strings. */
	private static int skipString(String expr, int from) {
		char quote = expr.charAt(from);
		int i = from + 1;
		while (i < expr.length() && expr.charAt(i) != quote) {
			i += (expr.charAt(i) == '\\' && quote != '`') ? 2 : 1;
		}
		return Math.min(i + 1, expr.length());
	}

	/** From an opening bracket to after its matching closing one, strings inside skipped whole. */
	private static int skipBlock(String expr, int from, char open, char close) {
		int depth = 0;
		int i = from;
		while (i < expr.length()) {
			char c = expr.charAt(i);
			if (c == '"' || c == '\'' || c == '`') {
				i = skipString(expr, i);
				continue;
			}
			if (c == open) {
				depth++;
			}
			else if (c == close && --depth == 0) {
				return i + 1;
			}
			i++;
		}
		throw new IllegalArgumentException("unbalanced " + open + " in " + expr);
	}
}
