package nexus.iam.secrets;

import java.util.LinkedHashMap;
import java.util.Map;

import nexus.iam.secrets.SecretsException.Reason;

/**
 * sops's INI store ({@code stores/ini}, which reads with go-ini): each section is a top-level key,
 * keys before the first section belong to {@code DEFAULT}, and the metadata is the flattened
 * {@code [sops]} section with line breaks written as {@code \n}. Values follow go-ini's defaults:
 * trimmed, an inline comment from the first {@code #} or {@code ;} cut off, surrounding quotes
 * removed. Multi-line values ({@code """…"""}) are not read.
 */
final class IniStore {

	static final String DEFAULT_SECTION = "DEFAULT";

	private IniStore() {
	}

	static SopsFormat.Document load(String text, String file) {
		Map<String, Object> sections = parse(text, file);
		if (!(sections.remove("sops") instanceof Map<?, ?> flat) || flat.isEmpty()) {
			throw new SecretsException(Reason.MALFORMED, file + " is not encrypted with sops: it has no [sops] section");
		}
		Map<String, Object> metadata = new LinkedHashMap<>();
		flat.forEach((key, value) -> metadata.put((String) key, ((String) value).replace("\\n", "\n")));
		return new SopsFormat.Document(sections, SopsMetadata.unflatten(metadata, file));
	}

	/** Sections (in file order) to their keys and values; {@code DEFAULT} first when it has keys. */
	static Map<String, Object> parse(String text, String file) {
		Map<String, Object> sections = new LinkedHashMap<>();
		Map<String, Object> section = new LinkedHashMap<>();
		sections.put(DEFAULT_SECTION, section);
		String[] lines = text.split("\r?\n", -1);
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i].strip();
			if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == ';') {
				continue;
			}
			if (line.charAt(0) == '[') {
				int end = line.indexOf(']');
				if (end < 0) {
					throw new SecretsException(Reason.MALFORMED, file + " line " + (i + 1) + " opens a section without ]");
				}
				String name = line.substring(1, end).strip();
				if (DEFAULT_SECTION.equals(name)) {
					// go-ini adds an explicit [DEFAULT] to the keys before the first section
					section = castSection(sections.get(DEFAULT_SECTION));
					continue;
				}
				if (sections.containsKey(name)) {
					throw new SecretsException(Reason.MALFORMED, file + " has the section [" + name + "] twice");
				}
				section = new LinkedHashMap<>();
				sections.put(name, section);
				continue;
			}
			int delimiter = indexOfAny(line, "=:");
			if (delimiter <= 0) {
				throw new SecretsException(Reason.MALFORMED, file + " line " + (i + 1) + " is not key = value");
			}
			String key = line.substring(0, delimiter).strip();
			if (section.putIfAbsent(key, value(line.substring(delimiter + 1), file, i + 1)) != null) {
				throw new SecretsException(Reason.MALFORMED, file + " sets " + key + " twice in one section");
			}
		}
		if (((Map<?, ?>) sections.get(DEFAULT_SECTION)).isEmpty()) {
			sections.remove(DEFAULT_SECTION);
		}
		return sections;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> castSection(Object section) {
		return (Map<String, Object>) section;
	}

	/** go-ini's {@code readValue} with its default options, less continuation lines. */
	private static String value(String raw, String file, int line) {
		String value = raw.strip();
		if (value.startsWith("\"\"\"") || value.startsWith("`")) {
			String quote = value.startsWith("`") ? "`" : "\"\"\"";
			int end = value.lastIndexOf(quote);
			if (end < quote.length()) {
				throw new SecretsException(Reason.UNSUPPORTED, file + " line " + line + " has a multi-line value");
			}
			return value.substring(quote.length(), end);
		}
		if (value.endsWith("\\")) {
			throw new SecretsException(Reason.UNSUPPORTED, file + " line " + line + " continues on the next line");
		}
		int comment = indexOfAny(value, "#;");
		if (comment >= 0) {
			value = value.substring(0, comment).strip();
		}
		if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
				&& value.charAt(value.length() - 1) == value.charAt(0)) {
			value = value.substring(1, value.length() - 1);
		}
		return value;
	}

	private static int indexOfAny(String text, String characters) {
		for (int i = 0; i < text.length(); i++) {
			if (characters.indexOf(text.charAt(i)) >= 0) {
				return i;
			}
		}
		return -1;
	}
}
