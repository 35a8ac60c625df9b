package nexus.iam.observability;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of VictoriaLogs' LogsQL the dashboards use, enough to check a query against the
 * service's own log lines: which fields it names, and whether a line matches its filters.
 * <p>
 * Filters: stream filters {@code {field="value", …}}, exact {@code field:=value} and
 * {@code field:="value"}, any value {@code field:*}, ranges {@code field:>n} ({@code >=},
 * {@code <}, {@code <=}), phrases in the message {@code "…"}, {@code *}, with {@code and} (or
 * nothing), {@code or}, {@code not}/{@code !} and parentheses. Pipes: {@code stats} (its
 * {@code by} fields and the fields its functions read) and {@code fields} (the fields it keeps,
 * so before any {@code stats}), then {@code sort} and {@code limit}. Anything else is refused, so that a dashboard using more of LogsQL extends this
 * class rather than escaping the check. A phrase matches as a substring, a little more loosely
 * than VictoriaLogs' word boundaries.
 */
final class LogsQl {

	private static final Pattern STATS_BY = Pattern.compile("^stats\\s+by\\s*\\(([^)]*)\\)\\s*(.*)$", Pattern.DOTALL);

	private static final Pattern FUNCTION = Pattern.compile("([a-z_]+)\\(([^)]*)\\)");

	private final Node filter;

	private final Set<String> fields = new LinkedHashSet<>();

	private LogsQl(String query) {
		List<String> parts = splitPipes(query);
		Parser parser = new Parser(tokens(parts.get(0)), this.fields);
		this.filter = parser.parse();
		for (String pipe : parts.subList(1, parts.size())) {
			readPipe(pipe.strip());
		}
	}

	static LogsQl parse(String query) {
		return new LogsQl(query);
	}

	/** The log fields the query reads: in its filters, and those its stats group by and compute over. */
	Set<String> fields() {
		return this.fields;
	}

	/** Whether a log line, as field names to values, passes the query's filters. */
	boolean matches(Map<String, String> line) {
		return this.filter.test(line);
	}

	private void readPipe(String pipe) {
		String name = pipe.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
		switch (name) {
			case "stats" -> {
				Matcher by = STATS_BY.matcher(pipe);
				String functions = pipe.substring("stats".length());
				if (by.matches()) {
					for (String field : by.group(1).split(",")) {
						this.fields.add(field.strip());
					}
					functions = by.group(2);
				}
				Matcher function = FUNCTION.matcher(functions);
				while (function.find()) {
					for (String argument : function.group(2).split(",")) {
						String field = argument.strip();
						if (!field.isEmpty() && !field.equals("*") && !Character.isDigit(field.charAt(0))) {
							this.fields.add(field);
						}
					}
				}
			}
			case "fields" -> {
				for (String field : pipe.substring("fields".length()).split(",")) {
					this.fields.add(field.strip());
				}
			}
			case "sort", "limit" -> {
				// they work on the results, not on the log fields
			}
			default -> throw new IllegalArgumentException("LogsQL pipe not understood by this check: " + pipe);
		}
	}

	/** The query's parts between top-level {@code |}, quotes and braces respected. */
	private static List<String> splitPipes(String query) {
		List<String> parts = new ArrayList<>();
		int depth = 0;
		int start = 0;
		for (int i = 0; i < query.length(); i++) {
			char c = query.charAt(i);
			if (c == '"' || c == '\'' || c == '`') {
				i = endOfString(query, i) - 1;
			}
			else if (c == '{' || c == '(') {
				depth++;
			}
			else if (c == '}' || c == ')') {
				depth--;
			}
			else if (c == '|' && depth == 0) {
				parts.add(query.substring(start, i));
				start = i + 1;
			}
		}
		parts.add(query.substring(start));
		return parts;
	}

	private static int endOfString(String text, int from) {
		char quote = text.charAt(from);
		int i = from + 1;
		while (i < text.length() && text.charAt(i) != quote) {
			i += (text.charAt(i) == '\\' && quote != '`') ? 2 : 1;
		}
		return Math.min(i + 1, text.length());
	}

	/** A token: a quoted string (its value unquoted), a brace block, a parenthesis or a bare word. */
	private record Token(String text, boolean quoted, boolean gluedToPrevious) {
	}

	private static List<Token> tokens(String filter) {
		List<Token> tokens = new ArrayList<>();
		int i = 0;
		boolean glued = false;
		while (i < filter.length()) {
			char c = filter.charAt(i);
			if (Character.isWhitespace(c)) {
				i++;
				glued = false;
				continue;
			}
			int end;
			if (c == '"' || c == '\'' || c == '`') {
				end = endOfString(filter, i);
				tokens.add(new Token(unquote(filter.substring(i, end)), true, glued));
			}
			else if (c == '{') {
				end = filter.indexOf('}', i) + 1;
				if (end == 0) {
					throw new IllegalArgumentException("unbalanced { in " + filter);
				}
				tokens.add(new Token(filter.substring(i, end), false, glued));
			}
			else if (c == '(' || c == ')') {
				end = i + 1;
				tokens.add(new Token(String.valueOf(c), false, glued));
			}
			else {
				end = i;
				while (end < filter.length() && !Character.isWhitespace(filter.charAt(end))
						&& "()\"'`{".indexOf(filter.charAt(end)) < 0) {
					end++;
				}
				tokens.add(new Token(filter.substring(i, end), false, glued));
			}
			i = end;
			glued = true;
		}
		return tokens;
	}

	private static String unquote(String quoted) {
		String inner = quoted.substring(1, quoted.length() - 1);
		return (quoted.charAt(0) == '`') ? inner : inner.replace("\\\"", "\"").replace("\\\\", "\\");
	}

	private interface Node {

		boolean test(Map<String, String> line);
	}

	/** Recursive descent: or of ands of (possibly negated) primaries. */
	private static final class Parser {

		private final List<Token> tokens;

		private final Set<String> fields;

		private int position;

		Parser(List<Token> tokens, Set<String> fields) {
			this.tokens = tokens;
			this.fields = fields;
		}

		Node parse() {
			if (this.tokens.isEmpty()) {
				throw new IllegalArgumentException("a LogsQL query needs a filter (* for every line)");
			}
			Node node = or();
			if (this.position < this.tokens.size()) {
				throw new IllegalArgumentException("unexpected " + this.tokens.get(this.position).text());
			}
			return node;
		}

		private Node or() {
			Node left = and();
			while (peekWord("or")) {
				this.position++;
				Node a = left;
				Node b = and();
				left = (line) -> a.test(line) || b.test(line);
			}
			return left;
		}

		private Node and() {
			Node left = unary();
			while (this.position < this.tokens.size() && !peekWord("or") && !this.tokens.get(this.position).text().equals(")")) {
				if (peekWord("and")) {
					this.position++;
				}
				Node a = left;
				Node b = unary();
				left = (line) -> a.test(line) && b.test(line);
			}
			return left;
		}

		private Node unary() {
			if (peekWord("not") || peekWord("!")) {
				this.position++;
				Node operand = unary();
				return (line) -> !operand.test(line);
			}
			return primary();
		}

		private Node primary() {
			Token token = next();
			if (!token.quoted() && token.text().equals("(")) {
				Node inner = or();
				Token close = next();
				if (!close.text().equals(")")) {
					throw new IllegalArgumentException("expected ) but got " + close.text());
				}
				return inner;
			}
			if (token.quoted()) {
				String phrase = token.text();
				this.fields.add("_msg");
				return (line) -> line.getOrDefault("_msg", "").contains(phrase);
			}
			String text = token.text();
			if (text.equals("*")) {
				return (line) -> true;
			}
			if (text.startsWith("{")) {
				return stream(text);
			}
			int colon = text.indexOf(':');
			if (colon <= 0) {
				throw new IllegalArgumentException("bare words are not understood by this check, quote a phrase: " + text);
			}
			String field = text.substring(0, colon);
			String condition = text.substring(colon + 1);
			this.fields.add(field);
			if (condition.equals("*")) {
				return (line) -> !line.getOrDefault(field, "").isEmpty();
			}
			if (condition.startsWith("=")) {
				String value = condition.substring(1);
				if (value.isEmpty()) {
					Token quoted = next();
					if (!quoted.quoted() || !quoted.gluedToPrevious()) {
						throw new IllegalArgumentException("expected a value after " + text);
					}
					value = quoted.text();
				}
				String expected = value;
				return (line) -> expected.equals(line.get(field));
			}
			for (String operator : new String[] { ">=", "<=", ">", "<" }) {
				if (condition.startsWith(operator)) {
					BigDecimal bound = new BigDecimal(condition.substring(operator.length()));
					return (line) -> compare(line.get(field), operator, bound);
				}
			}
			throw new IllegalArgumentException("filter not understood by this check: " + text);
		}

		private Node stream(String block) {
			List<Map.Entry<String, String>> matchers = new ArrayList<>();
			Matcher matcher = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_.]*)\\s*=\\s*\"([^\"]*)\"\\s*(,|$)")
				.matcher(block.substring(1, block.length() - 1));
			int end = 0;
			while (matcher.lookingAt()) {
				matchers.add(Map.entry(matcher.group(1), matcher.group(2)));
				this.fields.add(matcher.group(1));
				end = matcher.end();
				matcher.region(end, matcher.regionEnd());
			}
			if (end != block.length() - 2 || matchers.isEmpty()) {
				throw new IllegalArgumentException("stream filter not understood by this check: " + block);
			}
			return (line) -> matchers.stream().allMatch((m) -> m.getValue().equals(line.get(m.getKey())));
		}

		private static boolean compare(String value, String operator, BigDecimal bound) {
			if (value == null) {
				return false;
			}
			BigDecimal number;
			try {
				number = new BigDecimal(value);
			}
			catch (NumberFormatException ex) {
				return false;
			}
			int order = number.compareTo(bound);
			return switch (operator) {
				case ">=" -> order >= 0;
				case "<=" -> order <= 0;
				case ">" -> order > 0;
				default -> order < 0;
			};
		}

		private boolean peekWord(String word) {
			return this.position < this.tokens.size() && !this.tokens.get(this.position).quoted()
					&& this.tokens.get(this.position).text().equalsIgnoreCase(word);
		}

		private Token next() {
			if (this.position >= this.tokens.size()) {
				throw new IllegalArgumentException("the filter ends too early");
			}
			return this.tokens.get(this.position++);
		}
	}
}
